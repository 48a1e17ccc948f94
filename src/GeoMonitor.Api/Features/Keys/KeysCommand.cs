using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Infrastructure.Database;
using Npgsql;

namespace GeoMonitor.Api.Features.Keys;

/// <summary>
/// The <c>keys</c> command, run instead of the server when the first argument is "keys":
/// <code>
/// dotnet run --project src/GeoMonitor.Api -- keys create --role reporter --name team-alpha --org unifil
/// dotnet run --project src/GeoMonitor.Api -- keys revoke --name team-alpha      (or --prefix gm_AbCdEfG)
/// dotnet run --project src/GeoMonitor.Api -- keys list
/// </code>
/// It reaches the same database as the API (ConnectionStrings__GeoMonitor, else the embedded cluster in the data folder)
/// and applies the migrations first. A created key is printed once and never stored (only its SHA-256 is).
/// </summary>
public static class KeysCommand
{
    private const string Usage = """
        usage: keys create --role reader|reporter|reviewer|admin --name NAME [--org ORGANISATION]
               keys revoke --name NAME | --prefix PREFIX
               keys list
        The database is the API's: ConnectionStrings__GeoMonitor, or the embedded cluster in the data folder.
        """;

    /// <summary>Runs the command when <paramref name="args"/> start with "keys" (setting the exit code); returns false (doing nothing) otherwise.</summary>
    /// <param name="args">The process arguments; configuration overrides such as --ConnectionStrings:GeoMonitor=… are honoured.</param>
    public static async Task<bool> TryRunAsync(string[] args)
    {
        if (await ExecuteAsync(args, Console.Out) is not { } code) return false;
        Environment.ExitCode = code;
        return true;
    }

    /// <summary>Runs the command; returns its exit code (0 done, 1 nothing matched, 2 bad usage), or null when the arguments are not a keys command.</summary>
    public static async Task<int?> ExecuteAsync(string[] args, TextWriter output)
    {
        if (args.Length == 0 || args[0] != "keys") return null;
        var (options, configArgs, error) = Parse(args[1..]);
        if (error is not null)
        {
            await output.WriteLineAsync(error + "\n" + Usage);
            return 2;
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = configArgs });
        builder.Logging.ClearProviders();
        builder.AddGeoMonitorDatabase();
        await using var app = builder.Build();
        var db = app.Services.GetRequiredService<NpgsqlDataSource>();
        var info = app.Services.GetRequiredService<DatabaseInfo>();
        try
        {
            await Migrator.MigrateAsync(db);
            return await RunAsync(options, new ApiKeys(db), output);
        }
        finally
        {
            // A cluster started only for this command is stopped again; a running server's cluster is left alone.
            if (info.Embedded is { StartedHere: true } pg)
            {
                NpgsqlConnection.ClearAllPools();
                pg.Stop();
            }
        }
    }

    private static async Task<int> RunAsync(Dictionary<string, string> o, ApiKeys keys, TextWriter output)
    {
        switch (o["verb"])
        {
            case "create":
                var role = Enum.Parse<Role>(o["role"], ignoreCase: true);
                var org = o.GetValueOrDefault("org") ?? ApiKeys.OrganisationFor(o["name"]);
                var key = await keys.CreateAsync(o["name"], role, organisation: org);
                await output.WriteLineAsync($"Created a {role.ToString().ToLowerInvariant()} key named '{o["name"]}' of organisation '{org}'. It is shown only this once; store it now:");
                await output.WriteLineAsync(key);
                return 0;
            case "revoke":
                var n = o.TryGetValue("name", out var name) ? await keys.RevokeByNameAsync(name) : await keys.RevokeByPrefixAsync(o["prefix"]);
                await output.WriteLineAsync(n == 0 ? "No active key matched; nothing revoked." : $"Revoked {n} key(s).");
                return n == 0 ? 1 : 0;
            default:
                await output.WriteLineAsync($"{"prefix",-12} {"role",-9} {"organisation",-20} {"created (UTC)",-20} {"revoked (UTC)",-20} name");
                foreach (var k in await keys.ListAsync())
                    await output.WriteLineAsync($"{k.Prefix,-12} {k.Role.ToString().ToLowerInvariant(),-9} {k.Organisation,-20} {k.CreatedAt,-20:yyyy-MM-dd HH:mm:ss} {(k.RevokedAt is { } r ? r.ToString("yyyy-MM-dd HH:mm:ss") : "-"),-20} {k.Name}");
                return 0;
        }
    }

    // Splits the command's own options from configuration overrides (--Section:Key=value), which go to the host builder.
    private static (Dictionary<string, string> Options, string[] ConfigArgs, string? Error) Parse(string[] args)
    {
        var o = new Dictionary<string, string>();
        var config = new List<string>();
        if (args.Length == 0) return (o, [], "Missing the verb.");
        o["verb"] = args[0];
        for (var i = 1; i < args.Length; i++)
        {
            var a = args[i];
            if (a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=') && a.Contains(':')) { config.Add(a); continue; }
            if (a is "--role" or "--name" or "--prefix" or "--org" && i + 1 < args.Length) { o[a[2..]] = args[++i]; continue; }
            return (o, [], $"Unexpected argument '{a}'.");
        }
        string? error = o["verb"] switch
        {
            "create" when !o.ContainsKey("role") || !o.ContainsKey("name") => "create needs --role and --name.",
            "create" when !Enum.TryParse<Role>(o["role"], true, out var r) || r == Role.Anonymous || !char.IsLetter(o["role"][0]) =>
                $"Unknown role '{o["role"]}'; one of reader, reporter, reviewer, admin.",
            "create" when o["name"].Length is < 1 or > 100 => "The name must be 1 to 100 characters.",
            "create" when o.TryGetValue("org", out var org) && !System.Text.RegularExpressions.Regex.IsMatch(org, "^[a-z0-9][a-z0-9-]{0,79}$") =>
                $"'{org}' is not an organisation slug: lower-case letters, digits and '-', at most 80 characters.",
            "revoke" or "list" when o.ContainsKey("org") => "--org goes with create.",
            "revoke" when o.ContainsKey("name") == o.ContainsKey("prefix") => "revoke needs either --name or --prefix.",
            "list" when o.Count > 1 => "list takes no options.",
            "create" or "revoke" or "list" => null,
            _ => $"Unknown verb '{o["verb"]}'.",
        };
        return (o, [.. config], error);
    }
}
