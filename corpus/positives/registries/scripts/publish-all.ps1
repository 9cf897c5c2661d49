# Publish the SDK packages to NuGet, Artifactory and RubyGems from the release VM.
$ErrorActionPreference = "Stop"
$version = (Get-Content ./VERSION).Trim()

dotnet pack ./src/Kestrel.Sdk -c Release -p:Version=$version -o ./out
dotnet nuget push ./out/Kestrel.Sdk.$version.nupkg --api-key oy2bbn1g99ohera3tn0mon37b1gc0bftn5yvzrqed3n7v5 --source https://api.nuget.org/v3/index.json

$env:JFROG_API_KEY = "AKCpWijKAGJIosndl6EGmagysa7cXN5ZBt6qX32FkSK6XCZo2uhQQrFo0Bo7fwptSFbG7LJum"
jf rt upload "./out/*.nupkg" nuget-local/kestrel/ --url https://kestrel.jfrog.io/artifactory --apikey $env:JFROG_API_KEY

$env:GEM_HOST_API_KEY = "rubygems_9d325e274d1b18348f2bc9cc329eec3d6b388f7ea35e7b83"
gem push ./ruby/pkg/kestrel-sdk-$version.gem
