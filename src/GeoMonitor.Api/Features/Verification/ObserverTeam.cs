namespace GeoMonitor.Api.Features.Verification;

/// <summary>A neutral observer team: it verifies on site the incidents in the zones it covers.</summary>
/// <param name="Slug">Stable identifier.</param>
/// <param name="Name">Name.</param>
/// <param name="Organisation">The organisation the team belongs to (its members are keys of it).</param>
/// <param name="Zones">The slugs of the zones it covers.</param>
/// <param name="Members">The names of its members' API keys.</param>
/// <param name="CreatedAt">When it was created (UTC).</param>
/// <param name="UpdatedAt">When it was last changed (UTC).</param>
public sealed record ObserverTeam(string Slug, string Name, string Organisation, string[] Zones, string[] Members, DateTime CreatedAt, DateTime UpdatedAt);

/// <summary>An organisation: a party's liaison, the UN mission, an NGO, a newsroom. Every API key belongs to one.</summary>
/// <param name="Slug">Stable identifier (keys create --org SLUG).</param>
/// <param name="Name">Name.</param>
/// <param name="Keys">How many active keys it has.</param>
/// <param name="Teams">The slugs of its observer teams.</param>
public sealed record Organisation(string Slug, string Name, int Keys, string[] Teams);
