# Celery configuration for the reporting workers
broker_url = "redis://:Q2HtPE8FmWX5bprbpRn69r@reporting-cache.internal:6379/0"
result_backend = "mongodb+srv://celery:DQghABA8KpDfmV0PX4@reporting.q1w2e.mongodb.net/celery_results"

task_serializer = "json"
result_serializer = "json"
accept_content = ["json"]
timezone = "Europe/Berlin"
enable_utc = True
worker_prefetch_multiplier = 1
task_acks_late = True
beat_schedule = {
    "nightly-rollup": {"task": "reports.tasks.rollup", "schedule": 60 * 60 * 24},
}
