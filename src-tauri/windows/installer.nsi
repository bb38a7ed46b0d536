; The Windows installer of RegDesk (考试报名助手), built on Linux by scripts/build-windows.sh:
;   makensis -DVERSION=0.1.0 -DSTAGE=<folder with the programs> -DOUT=<setup.exe> installer.nsi
; Per-user (no administrator rights), into %LOCALAPPDATA%\Programs\RegDesk; silent with /S.
; The user's data folder (%LOCALAPPDATA%\cn.regdesk.app) is kept at uninstall unless the
; user ticks its box, or passes /DELETEDATA to a silent uninstall.

Unicode true
Target amd64-unicode
SetCompressor /SOLID lzma
; The two big exes share most of their code: a window as large as one of them finds it twice.
SetCompressorDictSize 128
RequestExecutionLevel user
ManifestDPIAware true

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "WinMessages.nsh"
!include "FileFunc.nsh"
!include "StrFunc.nsh"
${StrStr}
${UnStrRep}

!define APP "RegDesk"
!define APP_ZH "考试报名助手"
!define PUBLISHER "RegDesk"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\RegDesk"
; The Edge WebView2 runtime's client id: its "pv" value is the installed version.
!define WEBVIEW2_KEY "Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"

Name "${APP_ZH} ${APP}"
OutFile "${OUT}"
InstallDir "$LOCALAPPDATA\Programs\RegDesk"
InstallDirRegKey HKCU "Software\RegDesk" "InstallDir"
BrandingText "${APP} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${APP_ZH} ${APP}"
VIAddVersionKey /LANG=0 "FileDescription" "${APP_ZH} ${APP} Setup"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "LegalCopyright" "MIT OR Apache-2.0"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_FINISHPAGE_RUN "$INSTDIR\regdesk-desktop.exe"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES
; The first language is the default when Windows' display language is neither.
!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_LANGUAGE "English"

LangString SecProgram ${LANG_SIMPCHINESE} "程序（必需）"
LangString SecProgram ${LANG_ENGLISH} "Program (required)"
LangString SecDesktop ${LANG_SIMPCHINESE} "桌面快捷方式"
LangString SecDesktop ${LANG_ENGLISH} "Desktop shortcut"
LangString SecPath ${LANG_SIMPCHINESE} "命令行工具 regdesk 加入 PATH"
LangString SecPath ${LANG_ENGLISH} "Put the regdesk command line on PATH"
LangString SecData ${LANG_SIMPCHINESE} "同时删除我的数据（考生资料、照片、设置）"
LangString SecData ${LANG_ENGLISH} "Also delete my data (candidates, photos, settings)"
LangString NoWebView ${LANG_SIMPCHINESE} "本机没有 Microsoft Edge WebView2 运行时，考试报名助手的窗口需要它。$\r$\n请从 https://go.microsoft.com/fwlink/p/?LinkId=2124703 下载并安装“常青版引导程序”（不需要管理员权限）。Windows 11 与已更新的 Windows 10 通常已自带。$\r$\n命令行工具 regdesk.exe 不需要它。"
LangString NoWebView ${LANG_ENGLISH} "This computer has no Microsoft Edge WebView2 Runtime, which RegDesk's window needs.$\r$\nInstall the Evergreen Bootstrapper from https://go.microsoft.com/fwlink/p/?LinkId=2124703 (no administrator rights needed). Windows 11 and updated Windows 10 include it.$\r$\nThe command-line tool regdesk.exe works without it."
LangString PathTooLong ${LANG_SIMPCHINESE} "用户 PATH 太长，未加入 regdesk：请在命令行中使用完整路径 $INSTDIR\regdesk.exe"
LangString PathTooLong ${LANG_ENGLISH} "The user PATH is too long to extend: call $INSTDIR\regdesk.exe by its full path"

Section "!$(SecProgram)" SecProgramId
  SectionIn RO
  SetOutPath "$INSTDIR"
  File /r "${STAGE}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortcut "$SMPROGRAMS\${APP_ZH}.lnk" "$INSTDIR\regdesk-desktop.exe"
  WriteRegStr HKCU "Software\RegDesk" "InstallDir" "$INSTDIR"
  ; Apps & features lists per-user programs from HKCU.
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${APP_ZH} ${APP}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\regdesk-desktop.exe"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" $0
SectionEnd

Section "$(SecDesktop)" SecDesktopId
  CreateShortcut "$DESKTOP\${APP_ZH}.lnk" "$INSTDIR\regdesk-desktop.exe"
SectionEnd

Section "$(SecPath)" SecPathId
  ; NSIS strings hold 1024 characters: a longer PATH would come back cut, so it is left alone.
  ClearErrors
  ReadRegStr $0 HKCU "Environment" "Path"
  StrLen $1 $0
  ${If} $1 > 900
    DetailPrint "$(PathTooLong)"
    Goto done
  ${EndIf}
  ${StrStr} $2 ";$0;" ";$INSTDIR;"
  ${If} $2 != ""
    Goto done
  ${EndIf}
  ${If} $0 == ""
    WriteRegExpandStr HKCU "Environment" "Path" "$INSTDIR"
  ${Else}
    WriteRegExpandStr HKCU "Environment" "Path" "$0;$INSTDIR"
  ${EndIf}
  WriteRegDWORD HKCU "Software\RegDesk" "OnPath" 1
  ; Tell running programs (Explorer, new consoles) that the environment changed.
  SendMessage ${HWND_BROADCAST} ${WM_WININICHANGE} 0 "STR:Environment" /TIMEOUT=500
  done:
SectionEnd

Function .onInit
  SetShellVarContext current
  ; A missing WebView2 runtime is said now, not discovered when the window fails to open.
  ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\${WEBVIEW2_KEY}" "pv"
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    ReadRegStr $0 HKCU "Software\${WEBVIEW2_KEY}" "pv"
  ${EndIf}
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    MessageBox MB_OK|MB_ICONINFORMATION "$(NoWebView)" /SD IDOK
  ${EndIf}
FunctionEnd

Section "-un.Program"
  Delete "$SMPROGRAMS\${APP_ZH}.lnk"
  Delete "$DESKTOP\${APP_ZH}.lnk"
  ReadRegDWORD $0 HKCU "Software\RegDesk" "OnPath"
  ${If} $0 == 1
    ReadRegStr $1 HKCU "Environment" "Path"
    ${UnStrRep} $1 "$1" ";$INSTDIR" ""
    ${UnStrRep} $1 "$1" "$INSTDIR" ""
    WriteRegExpandStr HKCU "Environment" "Path" "$1"
    SendMessage ${HWND_BROADCAST} ${WM_WININICHANGE} 0 "STR:Environment" /TIMEOUT=500
  ${EndIf}
  RMDir /r "$INSTDIR"
  DeleteRegKey HKCU "${UNINST_KEY}"
  DeleteRegKey HKCU "Software\RegDesk"
SectionEnd

; Unticked by default: the data outlives the program unless the user asks.
Section /o "un.$(SecData)" SecDataId
  RMDir /r "$LOCALAPPDATA\cn.regdesk.app"
SectionEnd

Function un.onInit
  SetShellVarContext current
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} $0 "/DELETEDATA" $1
  ${IfNot} ${Errors}
    SectionSetFlags ${SecDataId} ${SF_SELECTED}
  ${EndIf}
FunctionEnd
