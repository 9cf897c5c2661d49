# Scrapy settings for the price-watch crawler
BOT_NAME = "pricewatch"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 8
DOWNLOAD_DELAY = 0.5

# Third-party fetchers for sites that block us
FIRECRAWL_API_KEY = "fc-c4a2eacfec142d1f22ccb0670b2f99ff"
APIFY_TOKEN = "apify_api_Auw8CiIma350CzMOOxNUPTaKr71RbW3BmzeY"
SERPAPI_KEY = "2289ac11b1f036157ed2f23384c765838b505da0055f9085d150c609daff2e04"
TAVILY_API_KEY = "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"

ITEM_PIPELINES = {
    "crawler.pipelines.NormalizePricePipeline": 300,
    "crawler.pipelines.PostgresPipeline": 800,
}
FEED_EXPORT_ENCODING = "utf-8"
