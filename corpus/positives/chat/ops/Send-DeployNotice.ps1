<#
.SYNOPSIS
  Posts a deployment notice to Teams and Mattermost.
#>
param(
    [Parameter(Mandatory)] [string] $Service,
    [Parameter(Mandatory)] [string] $Version
)

$TeamsWebhook = "https://kestrel.webhook.office.com/webhookb2/75e48c83-4410-474d-b465-c0ff7fb658cb@8a4b8f40-8bb0-46b0-b426-c1d534dea809/IncomingWebhook/0f51c6eeb2f8b05178e38a3a0dc8627f/ec2d60eb-c25e-4262-a7f7-fc84b6b21864"
# mattermost incoming webhook for ~deployments
$MattermostHook = "https://chat.kestrel.io/hooks/cce4zu6ezw87whp997s450phk2"

$text = "Deployed $Service $Version to production"
Invoke-RestMethod -Method Post -Uri $TeamsWebhook -ContentType 'application/json' -Body (@{ text = $text } | ConvertTo-Json)
Invoke-RestMethod -Method Post -Uri $MattermostHook -ContentType 'application/json' -Body (@{ text = $text; channel = 'deployments' } | ConvertTo-Json)
