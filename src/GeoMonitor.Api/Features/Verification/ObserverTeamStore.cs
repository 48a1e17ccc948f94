using GeoMonitor.Api.Features.Layers;
using Npgsql;

namespace GeoMonitor.Api.Features.Verification;

/// <summary>The SQL of observer teams and organisations: reads, and the writes of <see cref="TeamWrites"/> (one transaction each).</summary>
public sealed class ObserverTeamStore(NpgsqlDataSource db)
{
    /// <summary>
    /// Which organisation each team belongs to, as one text: what a keyed reader's audience depends on besides incidents
    /// (an incident assigned to a team is read by the team's organisation), a validator's part (Features/Changes/ReadValidators).
    /// </summary>
    public const string ReadStamp = "(SELECT md5(COALESCE(string_agg(slug || ':' || organisation, ',' ORDER BY slug), '')) FROM observer_teams)";

    /// <summary>The select list of a team over alias <c>t</c>, read by <see cref="ReadTeam"/>.</summary>
    internal const string TeamColumns = "t.slug, t.name, t.organisation, t.zones, t.members, t.created_at, t.updated_at";

    /// <summary>Reads a row selected with <see cref="TeamColumns"/>.</summary>
    internal static ObserverTeam ReadTeam(NpgsqlDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2),
        r.GetFieldValue<string[]>(3), r.GetFieldValue<string[]>(4),
        DateTime.SpecifyKind(r.GetDateTime(5), DateTimeKind.Utc), DateTime.SpecifyKind(r.GetDateTime(6), DateTimeKind.Utc));

    /// <summary>Every team (or those of <paramref name="slugs"/>), by slug.</summary>
    public async Task<IReadOnlyList<ObserverTeam>> TeamsAsync(IReadOnlyList<string>? slugs, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"SELECT {TeamColumns} FROM observer_teams t WHERE $1::text[] IS NULL OR t.slug = ANY ($1) ORDER BY t.slug");
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)slugs?.ToArray() ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
        var list = new List<ObserverTeam>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) list.Add(ReadTeam(r));
        return list;
    }

    /// <summary>Every organisation (or those of <paramref name="slugs"/>), with its active keys and teams, by slug.</summary>
    public async Task<IReadOnlyList<Organisation>> OrganisationsAsync(IReadOnlyList<string>? slugs, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            SELECT o.slug, o.name,
                   (SELECT count(*)::int FROM api_keys k WHERE k.organisation = o.slug AND k.revoked_at IS NULL),
                   ARRAY(SELECT t.slug FROM observer_teams t WHERE t.organisation = o.slug ORDER BY t.slug)
            FROM organisations o WHERE $1::text[] IS NULL OR o.slug = ANY ($1) ORDER BY o.slug
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)slugs?.ToArray() ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
        var list = new List<Organisation>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) list.Add(new Organisation(r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetFieldValue<string[]>(3)));
        return list;
    }

    /// <summary>What stands in the way of a team as given: zones that do not exist, members that are no active key of its organisation.</summary>
    internal sealed record TeamProblems(bool OrganisationExists, string[] UnknownZones, string[] NotMembers);

    /// <summary>Checks a team's references, in the write's transaction.</summary>
    internal static async Task<TeamProblems> CheckAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string organisation, string[] zones, string[] members,
        CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($$"""
            SELECT EXISTS (SELECT 1 FROM organisations WHERE slug = $1),
                   {{LayerJoins.UnknownZones("$2")}},
                   ARRAY(SELECT m FROM unnest($3::text[]) m
                         WHERE NOT EXISTS (SELECT 1 FROM api_keys k WHERE k.name = m AND k.organisation = $1 AND k.revoked_at IS NULL) ORDER BY m)
            """, conn, tx);
        cmd.Parameters.AddWithValue(organisation);
        cmd.Parameters.AddWithValue(zones);
        cmd.Parameters.AddWithValue(members);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return new TeamProblems(r.GetBoolean(0), r.GetFieldValue<string[]>(1), r.GetFieldValue<string[]>(2));
    }

    /// <summary>Inserts or replaces a team; true when it was new.</summary>
    internal static async Task<bool> PutTeamAsync(NpgsqlConnection conn, NpgsqlTransaction tx, ObserverTeam t, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO observer_teams (slug, name, organisation, zones, members) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (slug) DO UPDATE SET name = EXCLUDED.name, organisation = EXCLUDED.organisation, zones = EXCLUDED.zones,
                                             members = EXCLUDED.members, updated_at = now()
            RETURNING xmax = 0
            """, conn, tx);
        cmd.Parameters.AddWithValue(t.Slug);
        cmd.Parameters.AddWithValue(t.Name);
        cmd.Parameters.AddWithValue(t.Organisation);
        cmd.Parameters.AddWithValue(t.Zones);
        cmd.Parameters.AddWithValue(t.Members);
        return (bool)(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <summary>How many incidents are assigned to the team (a team with incidents is not deleted), or null when there is no such team.</summary>
    internal static async Task<long?> AssignedCountAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string slug, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("""
            SELECT (SELECT count(*) FROM incidents WHERE assigned_team = $1) FROM observer_teams WHERE slug = $1 FOR UPDATE
            """, conn, tx);
        cmd.Parameters.AddWithValue(slug);
        return await cmd.ExecuteScalarAsync(ct) as long?;
    }

    /// <summary>Deletes a team.</summary>
    internal static async Task DeleteTeamAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string slug, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("DELETE FROM observer_teams WHERE slug = $1", conn, tx);
        cmd.Parameters.AddWithValue(slug);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Inserts or renames an organisation; true when it was new.</summary>
    internal static async Task<bool> PutOrganisationAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string slug, string name, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO organisations (slug, name) VALUES ($1, $2) ON CONFLICT (slug) DO UPDATE SET name = EXCLUDED.name RETURNING xmax = 0
            """, conn, tx);
        cmd.Parameters.AddWithValue(slug);
        cmd.Parameters.AddWithValue(name);
        return (bool)(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Opens a connection and a transaction for a write.</summary>
    internal async Task<(NpgsqlConnection Conn, NpgsqlTransaction Tx)> BeginAsync(CancellationToken ct)
    {
        var conn = await db.OpenConnectionAsync(ct);
        return (conn, await conn.BeginTransactionAsync(ct));
    }
}
