using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using Npgsql;

namespace GeoMonitor.Api.Infrastructure.Database;

/// <summary>
/// A PostgreSQL 15 + PostGIS cluster that GeoMonitor runs for itself in a data folder, so that a new
/// machine needs no database set-up. It listens on 127.0.0.1 only, on a port chosen when the cluster is
/// created, with a random password kept in the data folder.
/// </summary>
/// <remarks>
/// initdb and postgres refuse to run as root, so when this process is root the server runs as an
/// unprivileged OS user (default <c>postgres</c>, which Debian's packages create).
/// </remarks>
public sealed class EmbeddedPostgres
{
    private const string DatabaseName = "geomonitor";
    private const string SuperUser = "geomonitor";
    private readonly ILogger _log;

    /// <summary>Creates a handle on the cluster in <paramref name="dataFolder"/> (nothing is started yet).</summary>
    public EmbeddedPostgres(string dataFolder, ILogger log, string? binFolder = null, string? osUser = null)
    {
        DataFolder = Path.GetFullPath(dataFolder);
        _log = log;
        BinFolder = binFolder ?? Environment.GetEnvironmentVariable("GEOMONITOR_PG_BIN") ?? FindBinFolder();
        OsUser = osUser ?? Environment.GetEnvironmentVariable("GEOMONITOR_PG_USER") ?? "postgres";
    }

    /// <summary>The GeoMonitor data folder (holds the cluster in <c>pg/</c> and its credentials).</summary>
    public string DataFolder { get; }

    /// <summary>Where initdb, pg_ctl and postgres are.</summary>
    public string BinFolder { get; }

    /// <summary>The OS user the server runs as when this process is root.</summary>
    public string OsUser { get; }

    private string ClusterFolder => Path.Combine(DataFolder, "pg");
    private string CredentialsFile => Path.Combine(DataFolder, "pg-credentials.json");
    private string LogFile => Path.Combine(ClusterFolder, "server.log");
    private static bool IsRoot => Environment.UserName == "root";

    /// <summary>True when this call started the server (and so should stop it on shutdown).</summary>
    public bool StartedHere { get; private set; }

    /// <summary>
    /// Creates the cluster if the folder has none, starts it unless it is already running, and creates the
    /// geomonitor database. Safe to call from several processes at once: a lock file serializes them.
    /// </summary>
    /// <returns>The connection string of the geomonitor database.</returns>
    public string EnsureStarted(string? databaseName = null)
    {
        Directory.CreateDirectory(DataFolder);
        using (AcquireLock())
        {
            var sw = Stopwatch.StartNew();
            if (!File.Exists(Path.Combine(ClusterFolder, "PG_VERSION"))) InitCluster();
            var creds = ReadCredentials();
            if (!IsRunning())
            {
                PrepareOwnership();
                RunChecked("pg_ctl", ["-D", ClusterFolder, "-l", LogFile, "-w", "-t", "60", "-o", $"-p {creds.Port} -c listen_addresses=127.0.0.1 -k ''", "start"]);
                StartedHere = true;
            }
            var cs = ConnectionString(creds, "postgres");
            EnsureDatabase(cs, databaseName ?? DatabaseName);
            _log.LogInformation("Embedded PostgreSQL ready on 127.0.0.1:{Port} in {Ms} ms (data: {Folder})", creds.Port, sw.ElapsedMilliseconds, DataFolder);
            return ConnectionString(creds, databaseName ?? DatabaseName);
        }
    }

    /// <summary>The connection string of <paramref name="database"/> on this (running) cluster.</summary>
    public string ConnectionStringFor(string database) => ConnectionString(ReadCredentials(), database);

    /// <summary>Stops the server (fast shutdown: open transactions roll back, committed work is kept).</summary>
    public void Stop()
    {
        if (!IsRunning()) return;
        RunChecked("pg_ctl", ["-D", ClusterFolder, "-m", "fast", "-w", "-t", "60", "stop"]);
        _log.LogInformation("Embedded PostgreSQL stopped");
    }

    /// <summary>Whether a server is running on this cluster.</summary>
    public bool IsRunning() =>
        File.Exists(Path.Combine(ClusterFolder, "PG_VERSION"))
        && Run("pg_ctl", ["-D", ClusterFolder, "status"]).ExitCode == 0;

    private void InitCluster()
    {
        var creds = new Credentials(FreePort(), Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant());
        Directory.CreateDirectory(ClusterFolder);
        var pwFile = Path.Combine(DataFolder, ".pwfile");
        File.WriteAllText(pwFile, creds.Password + "\n");
        try
        {
            PrepareOwnership();
            ChownIfRoot(pwFile);
            RunChecked("initdb", ["-D", ClusterFolder, "-U", SuperUser, "--pwfile", pwFile, "--auth=scram-sha-256",
                "-E", "UTF8", "--locale=C.UTF-8", "--no-instructions"]);
        }
        finally
        {
            File.Delete(pwFile);
        }
        File.WriteAllText(CredentialsFile, JsonSerializer.Serialize(creds));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(CredentialsFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        _log.LogInformation("Created embedded PostgreSQL cluster in {Folder}", ClusterFolder);
    }

    private void EnsureDatabase(string adminConnectionString, string database)
    {
        using var conn = new NpgsqlConnection(adminConnectionString);
        conn.Open();
        using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", conn);
        exists.Parameters.AddWithValue(database);
        if (exists.ExecuteScalar() is not null) return;
        // CREATE DATABASE takes no parameters; the name is checked to be a plain identifier first.
        if (!System.Text.RegularExpressions.Regex.IsMatch(database, "^[a-z_][a-z0-9_]{0,62}$"))
            throw new ArgumentException($"Invalid database name '{database}'.", nameof(database));
        using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", conn);
        try { create.ExecuteNonQuery(); }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase || e.SqlState == PostgresErrorCodes.UniqueViolation) { }
    }

    private Credentials ReadCredentials() =>
        JsonSerializer.Deserialize<Credentials>(File.ReadAllText(CredentialsFile))
        ?? throw new InvalidOperationException($"Unreadable {CredentialsFile}.");

    private static string ConnectionString(Credentials c, string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = c.Port,
        Username = SuperUser,
        Password = c.Password,
        Database = database,
        MaxPoolSize = 50,
    }.ConnectionString;

    private void PrepareOwnership()
    {
        if (!IsRoot || OperatingSystem.IsWindows()) return;
        // The server user must reach the cluster folder: grant traverse (not read) on the ancestors.
        for (var dir = new DirectoryInfo(DataFolder); dir is not null; dir = dir.Parent)
        {
            var mode = File.GetUnixFileMode(dir.FullName);
            if (!mode.HasFlag(UnixFileMode.OtherExecute)) File.SetUnixFileMode(dir.FullName, mode | UnixFileMode.OtherExecute);
        }
        RunChecked("chown", ["-R", $"{OsUser}:", ClusterFolder], asServerUser: false);
        File.SetUnixFileMode(ClusterFolder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private void ChownIfRoot(string path)
    {
        if (IsRoot) RunChecked("chown", [$"{OsUser}:", path], asServerUser: false);
    }

    private IDisposable AcquireLock()
    {
        var path = Path.Combine(DataFolder, ".lock");
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
            catch (IOException) when (DateTime.UtcNow < deadline) { Thread.Sleep(100); }
        }
    }

    private void RunChecked(string tool, string[] args, bool asServerUser = true)
    {
        var r = Run(tool, args, asServerUser);
        if (r.ExitCode != 0)
            throw new InvalidOperationException($"{tool} failed with exit code {r.ExitCode}: {r.Output.Trim()}"
                + (File.Exists(LogFile) && tool == "pg_ctl" ? $"\nserver log:\n{TailOfLog()}" : ""));
    }

    private string TailOfLog()
    {
        try { return string.Join('\n', File.ReadLines(LogFile).TakeLast(20)); }
        catch (IOException) { return "(unreadable)"; }
    }

    private (int ExitCode, string Output) Run(string tool, string[] args, bool asServerUser = true)
    {
        var exe = tool == "chown" ? "chown" : Path.Combine(BinFolder, tool);
        var psi = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (asServerUser && IsRoot)
        {
            psi.FileName = "runuser";
            foreach (var a in (string[])["-u", OsUser, "--", exe]) psi.ArgumentList.Add(a);
        }
        else psi.FileName = exe;
        foreach (var a in args) psi.ArgumentList.Add(a);
        // pg_ctl start leaves the server running with our pipes open unless its output goes elsewhere;
        // -l sends the server's output to the log, so reading to the end here does not hang.
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {exe}.");
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout + stderr.Result);
    }

    private static string FindBinFolder()
    {
        foreach (var v in new[] { "15", "16", "17" })
        {
            var dir = $"/usr/lib/postgresql/{v}/bin";
            if (File.Exists(Path.Combine(dir, "initdb"))) return dir;
        }
        throw new InvalidOperationException("PostgreSQL server binaries not found: install postgresql-15 and postgresql-15-postgis-3 (scripts/run.sh does), or set GEOMONITOR_PG_BIN.");
    }

    /// <summary>A TCP port free on 127.0.0.1 now (the tests give a standby one too).</summary>
    internal static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private sealed record Credentials(int Port, string Password);
}
