; Inno Setup 6 script: the Windows installer for gridkeeper (网格员台账).
;
; Build on Windows, after `python installer\build.py --smoke` has produced dist\gridkeeper\:
;     "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" installer\gridkeeper.iss
; or with an explicit version:  ISCC.exe /DAppVersion=0.1.0 installer\gridkeeper.iss
; Output: dist\gridkeeper-<version>-setup.exe
;
; Decisions
; * Per-user install by default (no administrator rights needed on a township laptop), into
;   %LOCALAPPDATA%\Programs\gridkeeper; an administrator may choose "all users" in the dialog.
; * The user's data (databases, backups, bundles) lives in %LOCALAPPDATA%\gridkeeper, written by
;   the app, never by this installer. The uninstaller removes only the files it installed
;   ([Files] below) and says where the data folder is; it never deletes it. There is deliberately
;   no [UninstallDelete] entry for the data folder.
; * Simplified Chinese first, English second: the language dialog is skipped and Setup picks
;   Chinese unless Windows' UI language is another one we have (English).
; * The start menu gets the windowed gridkeeper.exe; gridkeeper-cli.exe is installed beside it for
;   the command line and `gridkeeper-cli --smoke-test`, which the installer runs once at the end
;   (silently) so a broken install shows up at once.

#ifndef AppVersion
  ; installer\build.py writes this file (#define AppVersion "x.y.z" from gridkeeper.__version__).
  #if FileExists(AddBackslash(SourcePath) + "..\dist\gridkeeper-version.iss")
    #include "..\dist\gridkeeper-version.iss"
  #else
    #error dist\gridkeeper-version.iss missing: run "python installer\build.py" or pass /DAppVersion=x.y.z
  #endif
#endif

#define AppName "gridkeeper"
#define DistDir AddBackslash(SourcePath) + "..\dist\gridkeeper"

; Simplified Chinese messages: Inno Setup ships them in recent releases; older ones need the
; translation from https://jrsoftware.org/files/istrans/ saved as installer\ChineseSimplified.isl.
#if FileExists(CompilerPath + "Languages\ChineseSimplified.isl")
  #define ZhIsl "compiler:Languages\ChineseSimplified.isl"
#elif FileExists(AddBackslash(SourcePath) + "ChineseSimplified.isl")
  #define ZhIsl AddBackslash(SourcePath) + "ChineseSimplified.isl"
#else
  #error ChineseSimplified.isl not found: put it in installer\ (see the comment above)
#endif

#if !FileExists(DistDir + "\gridkeeper.exe")
  #error dist\gridkeeper\gridkeeper.exe missing: run "python installer\build.py --smoke" first
#endif

[Setup]
AppId={{6F1C2B3A-5D7E-4E2B-9C1A-6B0E8D4F2A71}
AppName={#AppName}
AppVerName={#AppName} {#AppVersion}
AppVersion={#AppVersion}
VersionInfoVersion={#AppVersion}
AppPublisher=gridkeeper
DefaultDirName={autopf}\gridkeeper
DefaultGroupName=网格员台账
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\dist
OutputBaseFilename=gridkeeper-{#AppVersion}-setup
Compression=lzma2/ultra64
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=no
LanguageDetectionMethod=uilanguage
UninstallDisplayName={cm:AppTitle} ({#AppName} {#AppVersion})
UninstallDisplayIcon={app}\gridkeeper.exe
CloseApplications=yes
RestartApplications=no
#if FileExists(AddBackslash(SourcePath) + "..\resources\icons\gridkeeper.ico")
SetupIconFile=..\resources\icons\gridkeeper.ico
#endif

[Languages]
Name: "zh"; MessagesFile: "{#ZhIsl}"
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
zh.AppTitle=网格员台账
en.AppTitle=Gridkeeper
zh.AppComment=网格员离线台账工具
en.AppComment=Offline record keeping for grid workers
zh.CliTitle=网格员台账 命令行
en.CliTitle=Gridkeeper command line
zh.DataKept=您的数据（数据库、备份、同步包）保存在 %1，卸载不会删除它们。如确实不再需要，可手动删除该文件夹。
en.DataKept=Your data (databases, backups, bundles) is in %1 and has not been removed. Delete that folder yourself if you no longer need it.
zh.SmokeFailed=安装后自检未通过（退出码 %1）。程序可能无法正常运行，请联系技术支持。
en.SmokeFailed=The post-install self-test failed (exit code %1). The program may not work; please contact support.
zh.Checking=正在检查安装是否完整……
en.Checking=Checking the installation...

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; An older version's _internal folder may hold files this version no longer has.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{cm:AppTitle}"; Filename: "{app}\gridkeeper.exe"; Comment: "{cm:AppComment}"
Name: "{autodesktop}\{cm:AppTitle}"; Filename: "{app}\gridkeeper.exe"; Comment: "{cm:AppComment}"; Tasks: desktopicon

[Run]
Filename: "{app}\gridkeeper.exe"; Description: "{cm:LaunchProgram,{cm:AppTitle}}"; Flags: nowait postinstall skipifsilent

[Code]
function DataDir(): String;
begin
  { platformdirs.user_data_dir("gridkeeper", appauthor=False) on Windows }
  Result := ExpandConstant('{localappdata}\gridkeeper');
end;

procedure CurStepChanged(CurStep: TSetupStep);
var
  Code: Integer;
begin
  if CurStep = ssPostInstall then
  begin
    WizardForm.StatusLabel.Caption := CustomMessage('Checking');
    if not Exec(ExpandConstant('{app}\gridkeeper-cli.exe'), '--smoke-test', ExpandConstant('{tmp}'),
                SW_HIDE, ewWaitUntilTerminated, Code) or (Code <> 0) then
      SuppressibleMsgBox(FmtMessage(CustomMessage('SmokeFailed'), [IntToStr(Code)]), mbError, MB_OK, IDOK);
  end;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  { Never delete the data folder: only tell the user where it is. }
  if (CurUninstallStep = usPostUninstall) and DirExists(DataDir()) and not UninstallSilent() then
    MsgBox(FmtMessage(CustomMessage('DataKept'), [DataDir()]), mbInformation, MB_OK);
end;
