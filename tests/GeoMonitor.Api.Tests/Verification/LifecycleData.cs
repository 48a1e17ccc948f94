using GeoMonitor.Api.Tests.Infrastructure;
using NpgsqlTypes;

namespace GeoMonitor.Api.Tests.Verification;

/// <summary>
/// Arranges lifecycle states straight in the database: an INSERT may start an incident in any state (V032: imports arrive
/// published), so a test can begin where it needs to without walking there; organisations and observer teams likewise.
/// </summary>
public static class LifecycleData
{
    /// <summary>Inserts an incident in <paramref name="state"/> with the lifecycle columns given, enriches it, and returns its id.</summary>
    public static async Task<long> InsertAsync(ApiFixture api, string source, string externalId, string state, string? reporterOrganisation = null,
        string? createdBy = null, string? team = null, string? verifyingOrganisation = null, DateTimeOffset? coolingOffEndsAt = null,
        double lon = 35.2, double lat = 33.2, DateTimeOffset? occurredAt = null)
    {
        if (reporterOrganisation is not null) await OrganisationAsync(api, reporterOrganisation);
        await using var cmd = api.Db.CreateCommand("""
            INSERT INTO incidents (source, external_id, occurred_at, geom, event_type, sub_event_type, status, reporter_organisation, created_by,
                                   updated_by, assigned_team, verifying_organisation, verification_outcome, cooling_off_ends_at)
            VALUES ($1, $2, $3, ST_SetSRID(ST_MakePoint($4, $5), 4326), 'Battles', 'Armed clash', $6, $7, $8, $8, $9, $10,
                    CASE WHEN $10::text IS NULL THEN NULL ELSE 'verified_on_site' END, $11)
            RETURNING id
            """);
        cmd.Parameters.AddWithValue(source);
        cmd.Parameters.AddWithValue(externalId);
        cmd.Parameters.AddWithValue((occurredAt ?? new DateTimeOffset(2026, 4, 20, 10, 0, 0, TimeSpan.Zero)).UtcDateTime);
        cmd.Parameters.AddWithValue(lon);
        cmd.Parameters.AddWithValue(lat);
        cmd.Parameters.AddWithValue(state);
        foreach (var text in new[] { reporterOrganisation, createdBy, team, verifyingOrganisation })
            cmd.Parameters.Add(new Npgsql.NpgsqlParameter { Value = (object?)text ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new Npgsql.NpgsqlParameter { Value = (object?)coolingOffEndsAt?.UtcDateTime ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        var id = (long)(await cmd.ExecuteScalarAsync())!;
        await using var enrich = api.Db.CreateCommand("SELECT gm_enrich_incidents(ARRAY[$1]::bigint[])");
        enrich.Parameters.AddWithValue(id);
        await enrich.ExecuteNonQueryAsync();
        return id;
    }

    /// <summary>Creates an organisation (if missing).</summary>
    public static async Task OrganisationAsync(ApiFixture api, string slug)
    {
        await using var cmd = api.Db.CreateCommand("INSERT INTO organisations (slug, name) VALUES ($1, $1) ON CONFLICT DO NOTHING");
        cmd.Parameters.AddWithValue(slug);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Creates (or replaces) an observer team of <paramref name="organisation"/> covering <paramref name="zones"/>.</summary>
    public static async Task TeamAsync(ApiFixture api, string slug, string organisation, string[] zones, string[] members)
    {
        await OrganisationAsync(api, organisation);
        await using var cmd = api.Db.CreateCommand("""
            INSERT INTO observer_teams (slug, name, organisation, zones, members) VALUES ($1, $1, $2, $3, $4)
            ON CONFLICT (slug) DO UPDATE SET organisation = EXCLUDED.organisation, zones = EXCLUDED.zones, members = EXCLUDED.members
            """);
        cmd.Parameters.AddWithValue(slug);
        cmd.Parameters.AddWithValue(organisation);
        cmd.Parameters.AddWithValue(zones);
        cmd.Parameters.AddWithValue(members);
        await cmd.ExecuteNonQueryAsync();
    }
}
