"""Discord bot that posts League / Twitch / Spotify stats for the guild."""
import asyncio
import logging

import aiohttp

RIOT_API_KEY = "RGAPI-d6cc7129-37d9-1787-4a84-e07424fb1470"
TWITCH_CLIENT_ID = "7e8zx1emx74fc1on20uthi34p1zdjl"
TWITCH_CLIENT_SECRET = "okusd0s0pq7opafstkdbm219tsj2kn"
SPOTIFY_CLIENT_ID = "4244075a7cae841fb51f1bbe45f2b813"
SPOTIFY_CLIENT_SECRET = "85f17ccd381d1bf08a38be18fbf69ad2"
TMDB_API_KEY = "0640b33583a3204e62925d0c2b48414e"

log = logging.getLogger("statsbot")


async def summoner(session: aiohttp.ClientSession, name: str) -> dict:
    url = f"https://euw1.api.riotgames.com/lol/summoner/v4/summoners/by-name/{name}"
    async with session.get(url, headers={"X-Riot-Token": RIOT_API_KEY}) as r:
        r.raise_for_status()
        return await r.json()


async def main() -> None:
    async with aiohttp.ClientSession() as s:
        log.info(await summoner(s, "Faker"))


if __name__ == "__main__":
    asyncio.run(main())
