using Npgsql;

namespace GeoMonitor.Api.Features.Disputes;

/// <summary>
/// Who a claim may be attributed to: the two states and the UN mission by fixed name, or an organisation known to this
/// API (organisations.slug: a party's liaison office, an NGO). The database holds the same rule (V052, gm_claim_check).
/// </summary>
public static class ClaimParties
{
    /// <summary>The parties named without an organisation.</summary>
    public static readonly IReadOnlyList<string> Fixed = ["israel", "lebanon", "unifil"];

    /// <summary>The rule in words, for errors.</summary>
    public const string Describe = "israel, lebanon, unifil, or the slug of an organisation known to this API";

    /// <summary>Whether <paramref name="party"/> is a party a claim may be attributed to.</summary>
    public static async Task<bool> KnownAsync(NpgsqlDataSource db, string party, CancellationToken ct)
    {
        if (Fixed.Contains(party)) return true;
        await using var cmd = db.CreateCommand("SELECT EXISTS (SELECT 1 FROM organisations WHERE slug = $1)");
        cmd.Parameters.AddWithValue(party);
        return (bool)(await cmd.ExecuteScalarAsync(ct))!;
    }
}
