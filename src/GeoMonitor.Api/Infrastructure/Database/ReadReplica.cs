using Npgsql;

namespace GeoMonitor.Api.Infrastructure.Database;

/// <summary>
/// The read connection. With <c>ConnectionStrings:GeoMonitorRead</c> set (one or more PostgreSQL standbys; Npgsql's
/// <c>Host=a,b;Load Balance Hosts=true</c> spreads over several), the endpoints that only read use it; without it
/// they use the primary, so a one-machine deployment is unchanged.
/// <para>
/// Read from it: GET /api/incidents (pages, exports, one incident), layers, truces and their report, locate, stats,
/// everything under /ogc, the map's configuration and counts, and GraphQL <em>query</em> operations. Kept on the
/// primary: every write, reviews (they lock the current version), API keys (a revocation must count at once), GraphQL
/// mutations and what they return (a client must see its own write), subscriptions and the LISTEN connections (NOTIFY
/// is not delivered on a standby), and tiles and the layer cache, because both are invalidated by NOTIFY from the
/// primary, which can arrive before a standby has replayed the change and would leave a stale copy cached.
/// </para>
/// </summary>
public static class ReadReplica
{
    /// <summary>The service key of the read <see cref="NpgsqlDataSource"/>.</summary>
    public const string Key = "read";

    /// <summary>The configuration name of the read connection string.</summary>
    public const string ConnectionStringName = "GeoMonitorRead";

    /// <summary>Registers the read data source: the standby's when configured, else the primary's own.</summary>
    public static IServiceCollection AddReadDataSource(this IServiceCollection services, string? readConnectionString)
    {
        if (string.IsNullOrWhiteSpace(readConnectionString))
        {
            services.AddKeyedSingleton<NpgsqlDataSource>(Key, (sp, _) => sp.GetRequiredService<NpgsqlDataSource>());
            return services;
        }
        var csb = new NpgsqlConnectionStringBuilder(readConnectionString) { ApplicationName = "geomonitor-read" };
        services.AddKeyedSingleton(Key, (_, _) => GeoDataSource.Create(csb.ConnectionString));
        return services;
    }
}
