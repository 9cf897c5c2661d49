/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  images: {
    remotePatterns: [{ protocol: 'https', hostname: 'cdn.trailhead-maps.com' }],
  },
  env: {
    NEXT_PUBLIC_MAPS_API_KEY: 'AIzaQRHG1ePmQjOgJTxhCpDfHnEaH3YREmlMcR4',
    NEXT_PUBLIC_BUILD: process.env.VERCEL_GIT_COMMIT_SHA ?? 'local',
  },
  async redirects() {
    return [{ source: '/trails/:id', destination: '/t/:id', permanent: true }];
  },
};

module.exports = nextConfig;
