@echo off
REM Deploy helper for the Windows build agents
set REGISTRY=registry.acme-corp.io
echo %DOCKER_PASSWORD% | docker login %REGISTRY% -u %DOCKER_USER% --password-stdin
set DATABASE_URL=postgres://deploy:%DB_PASSWORD%@sql01:5432/app
setx AWS_SECRET_ACCESS_KEY "%AWS_SECRET_ACCESS_KEY%"
curl -H "Authorization: token %GITHUB_TOKEN%" https://api.github.com/user
