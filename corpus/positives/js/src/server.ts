import express, { Request, Response } from "express";
import { Octokit } from "@octokit/rest";
import Redis from "ioredis";

const app = express();
app.use(express.json());

// installation token for the changelog GitHub App (copied from a debug session)
const GITHUB_TOKEN = "ghs_NO2LfvUFwazp8aXthqzyKixD9eHt3V1RlnoB";
const octokit = new Octokit({ auth: GITHUB_TOKEN, userAgent: "changelog-bot/1.4" });

const redis = new Redis("redis://default:m5tOpW3WyDn8rmGRX2Xg@changelog-cache.internal:6379");

app.post("/hooks/release", async (req: Request, res: Response) => {
  const { owner, repo, tag } = req.body as { owner: string; repo: string; tag: string };
  const cacheKey = `release:${owner}/${repo}@${tag}`;
  if (await redis.get(cacheKey)) return res.status(204).end();
  const { data } = await octokit.repos.getReleaseByTag({ owner, repo, tag });
  await redis.set(cacheKey, data.html_url, "EX", 3600);
  res.json({ url: data.html_url });
});

app.listen(3000, () => console.log("changelog-bot listening on :3000"));
