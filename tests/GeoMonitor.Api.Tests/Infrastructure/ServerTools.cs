using System.Diagnostics;
using GeoMonitor.Api.Infrastructure.Database;

namespace GeoMonitor.Api.Tests.Infrastructure;

/// <summary>
/// Runs a program of the embedded cluster's PostgreSQL installation (pg_ctl, pg_basebackup) as the server's OS user
/// — through runuser when the tests run as root, since PostgreSQL refuses to run as root — and fails with its output.
/// </summary>
public static class ServerTools
{
    /// <summary>Runs <paramref name="tool"/> from <paramref name="pg"/>'s bin folder and returns its output.</summary>
    public static string Run(EmbeddedPostgres pg, string tool, IEnumerable<string> args, string? password = null)
    {
        var path = Path.Combine(pg.BinFolder, tool);
        var psi = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Environment.UserName == "root")
        {
            psi.FileName = "runuser";
            foreach (var a in (string[])["-u", pg.OsUser, "--", path]) psi.ArgumentList.Add(a);
        }
        else psi.FileName = path;
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (password is not null) psi.Environment["PGPASSWORD"] = password;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000)) throw new TimeoutException($"{tool} did not finish within 2 minutes");
        var output = stdout.Result + stderr.Result;
        if (p.ExitCode != 0) throw new InvalidOperationException($"{tool} {string.Join(' ', args)} failed ({p.ExitCode}): {output}");
        return output;
    }

    /// <summary>Gives <paramref name="folder"/> (recursively) to <paramref name="user"/>, so the server's OS user can write there.</summary>
    public static void Chown(string folder, string user)
    {
        using var p = Process.Start("chown", ["-R", $"{user}:", folder]);
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"chown -R {user}: {folder} failed");
    }
}
