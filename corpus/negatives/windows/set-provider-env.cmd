@echo off
REM Configure provider credentials for the SMS/voice test harness from the user's vault export.
REM Values come from %USERPROFILE%\.kestrel\creds.cmd which is NOT in the repo.
call "%USERPROFILE%\.kestrel\creds.cmd"

set VONAGE_API_SECRET=%VONAGE_API_SECRET%
set PLIVO_AUTH_TOKEN=%PLIVO_AUTH_TOKEN%
set TELNYX_API_KEY=%TELNYX_API_KEY%
set MESSAGEBIRD_ACCESS_KEY=%MESSAGEBIRD_ACCESS_KEY%
set TWILIO_AUTH_TOKEN=%TWILIO_AUTH_TOKEN%

if "%PLIVO_AUTH_TOKEN%"=="" (
  echo PLIVO_AUTH_TOKEN is not set & exit /b 1
)
sms-harness.exe --provider plivo --token "%PLIVO_AUTH_TOKEN%" --to %TEST_NUMBER%
