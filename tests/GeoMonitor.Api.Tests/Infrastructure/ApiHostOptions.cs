namespace GeoMonitor.Api.Tests.Infrastructure;

/// <summary>Where the API under test runs.</summary>
public enum Hosting
{
    /// <summary>In this process, on ASP.NET Core's in-memory TestServer (the fastest; no socket).</summary>
    InMemory,
    /// <summary>In this process, on Kestrel at a free port of 127.0.0.1, for outside clients (GDAL, node, a proxy).</summary>
    Socket,
    /// <summary>
    /// As its own process (the built GeoMonitor.Api.dll) on a free port, so that a request that kills the process (a
    /// stack overflow) fails a test instead of ending the test run.
    /// </summary>
    Process,
}

/// <summary>Which PostgreSQL the API under test uses.</summary>
public enum TestDatabase
{
    /// <summary>A throwaway database on the cluster the tests share (<see cref="TestCluster"/>).</summary>
    SharedCluster,
    /// <summary>
    /// A cluster of the test's own in a temporary folder, given to the API as an external server, so that a test can
    /// crash and restart the server without touching the shared cluster.
    /// </summary>
    OwnCluster,
    /// <summary>
    /// No connection string: the API creates, starts and owns its embedded cluster in a temporary data folder, as
    /// <c>scripts/run.sh</c> does on a new machine.
    /// </summary>
    Embedded,
}

/// <summary>How <see cref="ApiFixture"/> starts the API. Every test host in the suite is one of these.</summary>
public sealed record ApiHostOptions
{
    /// <summary>Where the API runs.</summary>
    public Hosting Hosting { get; init; } = Hosting.InMemory;

    /// <summary>Which database it uses.</summary>
    public TestDatabase Database { get; init; } = TestDatabase.SharedCluster;

    /// <summary>
    /// With <see cref="TestDatabase.Embedded"/>: the data folder to run the API's cluster in, left in place when the host
    /// is disposed (to start another API on it). Null: a new folder, removed with the host.
    /// </summary>
    public string? DataFolder { get; init; }

    /// <summary>Whether geodata/ is loaded at start (false starts from an empty schema).</summary>
    public bool LoadGeodata { get; init; } = true;

    /// <summary>
    /// Adds a streaming standby of the database (pg_basebackup -R) as ConnectionStrings:GeoMonitorRead. Needs
    /// <see cref="TestDatabase.OwnCluster"/>: a base backup copies a whole cluster.
    /// </summary>
    public bool Standby { get; init; }

    /// <summary>Routes the API's database connections through a <see cref="TcpProxy"/> the test can cut.</summary>
    public bool Proxy { get; init; }

    /// <summary>Configuration overrides (keys as in appsettings, e.g. <c>GeoMonitor:Uploads:MaxBatchRows</c>).</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>Options with one more setting.</summary>
    public ApiHostOptions With(string key, string? value) =>
        this with { Settings = new Dictionary<string, string?>(Settings) { [key] = value } };
}
