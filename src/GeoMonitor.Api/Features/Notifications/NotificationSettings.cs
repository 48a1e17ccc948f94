using System.Globalization;
using Npgsql;

namespace GeoMonitor.Api.Features.Notifications;

/// <summary>
/// The matching rules of pre-notifications (GeoMonitor:Notifications:*), configured like every other setting and kept in
/// the database's one-row table notification_settings (V040), which every statement that matches incidents to
/// notifications reads: the lists, exports, OGC items, tiles and truce reports then apply the same rule without each
/// surface carrying it, and a psql query gets it too.
/// </summary>
public sealed class NotificationSettings
{
    /// <summary>An incident is pre-notified when a notification's area lies within this many metres of it (default 1,000).</summary>
    public double MatchDistanceM { get; set; } = 1000;

    /// <summary>... and the notification's window, widened by this many minutes on both sides, holds its time (default 60).</summary>
    public double MatchToleranceMinutes { get; set; } = 60;

    /// <summary>A military notification conflicts with an open corridor within this many metres of it (default 500).</summary>
    public double CorridorDistanceM { get; set; } = 500;

    /// <summary>The settings of <paramref name="config"/> (defaults where absent).</summary>
    public static NotificationSettings From(IConfiguration config)
    {
        var s = new NotificationSettings();
        config.GetSection("GeoMonitor:Notifications").Bind(s);
        if (!double.IsFinite(s.MatchDistanceM) || s.MatchDistanceM is < 0 or > 100_000)
            throw new InvalidOperationException("GeoMonitor:Notifications:MatchDistanceM must be between 0 and 100000 metres.");
        if (!double.IsFinite(s.MatchToleranceMinutes) || s.MatchToleranceMinutes is < 0 or > 43_200)
            throw new InvalidOperationException("GeoMonitor:Notifications:MatchToleranceMinutes must be between 0 and 43200 (30 days).");
        if (!double.IsFinite(s.CorridorDistanceM) || s.CorridorDistanceM is < 0 or > 100_000)
            throw new InvalidOperationException("GeoMonitor:Notifications:CorridorDistanceM must be between 0 and 100000 metres.");
        return s;
    }

    /// <summary>Writes the configured rules into notification_settings when they differ (run at start, after the migrations).</summary>
    public static async Task ApplyAsync(NpgsqlDataSource db, IConfiguration config, CancellationToken ct)
    {
        var s = From(config);
        await using var cmd = db.CreateCommand("""
            UPDATE notification_settings SET match_distance_m = $1, match_tolerance = make_interval(secs => $2), corridor_distance_m = $3, updated_at = now()
            WHERE match_distance_m IS DISTINCT FROM $1 OR match_tolerance IS DISTINCT FROM make_interval(secs => $2)
               OR corridor_distance_m IS DISTINCT FROM $3
            """);
        cmd.Parameters.AddWithValue(s.MatchDistanceM);
        cmd.Parameters.AddWithValue(s.MatchToleranceMinutes * 60);
        cmd.Parameters.AddWithValue(s.CorridorDistanceM);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The rules as text for documentation and error messages.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"within {MatchDistanceM} m and {MatchToleranceMinutes} min; corridors within {CorridorDistanceM} m");
}
