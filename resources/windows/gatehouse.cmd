@echo off
rem The `gatehouse` admin command line of an installed Gatehouse: the app's own executable with
rem --cli, which runs the command in its main process and opens no window. A batch file waits for
rem the app and passes its exit code on.
"%~dp0..\..\Gatehouse.exe" --cli %*
exit /b %ERRORLEVEL%
