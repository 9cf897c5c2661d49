"""Signing key for service-to-service tokens.

FIXME(sec-412): load from KMS instead of shipping it in the wheel.
"""
import datetime as dt

import jwt

SIGNING_KEY = """-----BEGIN RSA PRIVATE KEY-----
MIIEowIBAAKCAQEAvp1SXBNlADJTal2Iwk/cgphJ+IytoP53xiPfi8QZv7Nzji4A
zxkcnvEsPkFJzl+GApeHo8POYICUARdIvJU7fO1ELdrgmMCaB4+oA+VAxY1fop/e
LIRSG9GqLIjVmL8au2A1QYFlljWNUWa9FvJZT7bSfhRtN1dGYtO41V2EqM1Ju1k+
UbG8YZW64NNlzN/cuk+9PsaV3o5LyskghzpsjwySt9ZIdfsVkvcTiTgKdqaKE2Pi
pUTHSaPeBgF6R+DEjdlLBedVaL553EUxGx2+oa7MxuK8ds817FE5czSRT3AkmW+P
k90Tt1O3FrRdcWqa/AVhXPg8Dg5Dm/epVY+lTwIDAQABAoIBAAEbhpkZ/yQOLo86
YZi9AktK3mG0ebqjQc+B0pRy86pg72UwwchTPFxd4E5MDZqjm8+qGtHlMmMsToFM
Fl371omthwCNcohEEtN2XDg4mucxvABWMqvZ2TZYSdMUax8dWrhJcoPUMaxOLiN6
ZYXGPvNT7G4Fxkzr9La9cC+8NvHGzArKHS8oHlaF3NC4YftayYbrFXGIhk5mw5H6
qKvyVBkM1jDx20KBVh5pG7IPvt3VWmWsuE1R3aiceb7mAGcQGSx2h2HIJqsd0jzq
DE1VxMRORbYqSpOAGGrNEylaMwfZvHlJGKnrJ8kEaDDuXPaZNgbXeHed4YjYXTQR
i1YxPTECgYEA4mbCPfBnf23zUzfo61sGNIOnC9qyYqd5+oWqyRjSNbtcsqlcuJdu
5Q1m6A9RijMA8V+t0NrD6l2dbK/gQWoXncUB17VOvV/Rw6dcUJfkoj2qr5Zxb5Wq
MLD4L1vtkNUvu0yEwfkeZkTMxAZxvEK8Ruan8YFIDS6AvGT849W3aSUCgYEA14jX
jxxUW0hpcLiH2hYla5RUBr548p+Fur9xjZ9SOQmTSx42CE/86yPtsH72Nz9NbryJ
BXWZtiNZE+v/DxR0XYjzLgCu8gDFvtbM7FX9T3m6JoLJN994hXbkP7/7u6qrraKl
8AtSfsz5SDeSuTotEqcKNip1WQESkXoSmYJPTGMCgYEAm4ACx/IX1CFbr/vFwelK
EMWf9XdncHUhRZ2LWQXwU7F1kMzcf3ibVT1oQdlLowU3D5Is2zd2usFDwAPonmVV
BSrsAhFonI90jtKjiENbaMe8NU+6Z+6+7ySNwlF8kS6r0xRSVrxZUdrNXZIjii+4
C2afUTP/nfYju8INJBuFFvUCgYARe6Qgk6e0D9edsRoz8n/ujgWS1nhxFcd/MnA/
kKDWx5QPD9BKNFLLsApjuqi2KohZZymmK7fgMlXTa90wl/Qocidnn96Q+scPh9Tv
hroZbEJRRWKVCad5C//Pu/7rZhiu6PaU1hZG+tFtrjRUmgd1797ALgl+wruC2WgQ
06UjCQKBgB0jly5TFgeGfdJ6gBy2qFMK6VMWHlhajwYBeDyqj4ffjPICTOwDlQ1l
MYTOp8tS1FFm7q7TpbKW4B+9CZAkO6bDkSC3dPAY1E3SZ0TFXLAw5LoqCUlgKwA+
XJEWtKERQTEVL3jKdMyCGxVF5gkledD6++RHSdLIF9s3GIF6VoMW
-----END RSA PRIVATE KEY-----
"""

ISSUER = "https://auth.internal.fjordline.no"


def issue(subject: str, ttl: int = 300) -> str:
    now = dt.datetime.now(dt.timezone.utc)
    claims = {"sub": subject, "iss": ISSUER, "iat": now, "exp": now + dt.timedelta(seconds=ttl)}
    return jwt.encode(claims, SIGNING_KEY, algorithm="RS256", headers={"kid": "svc-2024-03"})
