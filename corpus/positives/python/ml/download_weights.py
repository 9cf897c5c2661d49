from huggingface_hub import login, snapshot_download

login(token="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", add_to_git_credential=False)

path = snapshot_download(
    repo_id="acme-ml/ticket-router-distilbert",
    revision="7f3dd8b466808310d40684a61dcf61bc449d3a48",
    local_dir="models/ticket-router",
)
print("weights in", path)
