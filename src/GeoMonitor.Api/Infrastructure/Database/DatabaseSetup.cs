using Npgsql;

namespace GeoMonitor.Api.Infrastructure.Database;

/// <summary>
/// Wires the database: an external server when ConnectionStrings:GeoMonitor is set, else the embedded cluster; and the
/// read connection (<see cref="ReadReplica"/>).
/// </summary>
public static class DatabaseSetup
{
    /// <summary>
    /// Resolves the connection (starting the embedded cluster if none is configured), registers the pooled
    /// <see cref="NpgsqlDataSource"/>, and the start-up work: migrations and the geodata load.
    /// </summary>
    public static WebApplicationBuilder AddGeoMonitorDatabase(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("GeoMonitor");
        EmbeddedPostgres? embedded = null;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            using var lf = LoggerFactory.Create(l => l.AddSimpleConsole(o => o.SingleLine = true));
            embedded = new EmbeddedPostgres(GeoMonitorPaths.DataFolder(builder.Configuration), lf.CreateLogger<EmbeddedPostgres>());
            // Started here, before the container is built, so that every service sees a ready connection string.
            connectionString = embedded.EnsureStarted();
        }
        var csb = new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = "geomonitor" };
        var readConnectionString = builder.Configuration.GetConnectionString(ReadReplica.ConnectionStringName);
        // Only a cluster the API started from its own data folder is supervised; an external server is someone else's.
        var supervised = embedded is not null && builder.Configuration.GetValue($"{EmbeddedPostgresSupervisor.Section}:Enabled", true);
        builder.Services.AddSingleton(new DatabaseInfo(embedded)
        {
            HasReadReplica = !string.IsNullOrWhiteSpace(readConnectionString),
            Supervision = supervised ? new EmbeddedClusterState() : null,
        });
        builder.Services.AddSingleton(_ => GeoDataSource.Create(csb.ConnectionString));
        builder.Services.AddReadDataSource(readConnectionString);
        builder.Services.AddHostedService<DatabaseInitializer>();
        // After the initializer: hosted services stop in reverse order, so the supervisor has stopped watching before
        // the initializer stops the cluster at shutdown (and does not take that stop for a crash).
        if (supervised) builder.Services.AddHostedService<EmbeddedPostgresSupervisor>();
        return builder;
    }
}

/// <summary>How the database was reached, and whether start-up work has completed.</summary>
public sealed class DatabaseInfo(EmbeddedPostgres? embedded)
{
    /// <summary>The embedded cluster, when no connection string was configured.</summary>
    public EmbeddedPostgres? Embedded { get; } = embedded;

    /// <summary>True once migrations and the geodata load have completed.</summary>
    public bool Ready { get; set; }

    /// <summary>Whether reads go to a separate connection (ConnectionStrings:GeoMonitorRead), see <see cref="ReadReplica"/>.</summary>
    public bool HasReadReplica { get; init; }

    /// <summary>The embedded cluster's supervision (<see cref="EmbeddedPostgresSupervisor"/>); null when not supervised.</summary>
    public EmbeddedClusterState? Supervision { get; init; }
}
