#!/bin/sh
# Sync the static build to Alibaba OSS (cn-hangzhou) and Tencent COS (ap-shanghai) mirrors.
set -e

export ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI5tPV6sFrEnDhM2q5XYY9
export ALIBABA_CLOUD_ACCESS_KEY_SECRET=K1iKks8laHwxK1SiTX9jiKKcLUT2w0

ossutil cp -r ./dist oss://kestrel-static-cn/ --update \
  -e oss-cn-hangzhou.aliyuncs.com

export TENCENTCLOUD_SECRET_ID=AKIDpZpD3rHkWUjjf8s0DatvfAxIw366mqLL
export TENCENTCLOUD_SECRET_KEY=MXidxfX1KOlTnSFxvyAcB4xvMFP1Slhi
coscli sync ./dist cos://kestrel-static-1300000000/ -r
