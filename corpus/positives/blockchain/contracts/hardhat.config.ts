import { HardhatUserConfig } from "hardhat/config";
import "@nomicfoundation/hardhat-toolbox";

// NOTE: these were supposed to come from .env — hardcoded while debugging the fork tests
const ALCHEMY_API_KEY = "WW5aAqvCtSqlWK6PkmT33CiwTroEcpkW";
const ETHERSCAN_API_KEY = "PV5618LE3L6QJA9732HDGZA33BR7UEYI5X";

const config: HardhatUserConfig = {
  solidity: {
    version: "0.8.24",
    settings: { optimizer: { enabled: true, runs: 200 } },
  },
  networks: {
    hardhat: {
      forking: { url: `https://eth-mainnet.g.alchemy.com/v2/${ALCHEMY_API_KEY}`, blockNumber: 19_500_000 },
    },
    polygon: {
      url: "https://polygon-mainnet.infura.io/v3/c1ea4bf820d8999aa9cfa632322c58d9",
      chainId: 137,
    },
    base: {
      url: "https://little-frosty-moon.base-mainnet.quiknode.pro/87f3d55a82ebd6fb235e383c51aad58cc1bff056/",
      chainId: 8453,
    },
  },
  etherscan: {
    apiKey: { mainnet: ETHERSCAN_API_KEY },
  },
  gasReporter: { enabled: process.env.REPORT_GAS === "1", currency: "USD" },
};

export default config;
