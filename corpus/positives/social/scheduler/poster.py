"""Cross-posts blog articles to X, Reddit and the Facebook page."""
import praw
import tweepy

TWITTER_BEARER_TOKEN = "AAAAAAAAAAAAAAAAAAAAA33XNUH2zHhU0doS4214U%3DDzdjiJc4tCjHjQLGT7mkvEcdUR9DRYraYCBbFeBystp4bnL5sh"
TWITTER_API_KEY = "UB0ya3foobZZvF264z4CY0w9z"
TWITTER_API_SECRET = "mZO3J-BRo0HG0S8LzADEqKYoCMPpswDaxLxHXyYCxMtCN7r4P-"

REDDIT_CLIENT_ID = "mRCRDblqbm7C-PqEfAwhWY"
REDDIT_CLIENT_SECRET = "sOlwccdLWFiTHaEp4Xn2FMVTAt1blt"

FACEBOOK_APP_SECRET = "c4ae1b0bd9dfe93e9e99294aa1575c1e"
FACEBOOK_PAGE_ID = "538417635183260"


def post(title: str, url: str) -> None:
    x = tweepy.Client(bearer_token=TWITTER_BEARER_TOKEN)
    x.create_tweet(text=f"{title} {url}")
    reddit = praw.Reddit(client_id=REDDIT_CLIENT_ID, client_secret=REDDIT_CLIENT_SECRET, user_agent="poster/1.0")
    reddit.subreddit("coffee").submit(title, url=url)
