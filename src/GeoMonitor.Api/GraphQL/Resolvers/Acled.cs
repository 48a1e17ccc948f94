namespace GeoMonitor.Api.GraphQL.Resolvers;

/// <summary>
/// ACLED's event and sub-event types as GraphQL enum values and ACLED's own spelling (the rows of acled_event_types in
/// V001; a test checks the two lists agree).
/// </summary>
public static class Acled
{
    /// <summary>Event types: enum value → ACLED label.</summary>
    public static readonly IReadOnlyList<(string Name, string Label)> EventTypes =
    [
        ("BATTLES", "Battles"), ("EXPLOSIONS_REMOTE_VIOLENCE", "Explosions/Remote violence"),
        ("VIOLENCE_AGAINST_CIVILIANS", "Violence against civilians"), ("PROTESTS", "Protests"), ("RIOTS", "Riots"),
        ("STRATEGIC_DEVELOPMENTS", "Strategic developments"),
    ];

    /// <summary>Sub-event types: enum value → ACLED label.</summary>
    public static readonly IReadOnlyList<(string Name, string Label)> SubEventTypes =
    [
        ("GOVERNMENT_REGAINS_TERRITORY", "Government regains territory"), ("NON_STATE_ACTOR_OVERTAKES_TERRITORY", "Non-state actor overtakes territory"),
        ("ARMED_CLASH", "Armed clash"), ("EXCESSIVE_FORCE_AGAINST_PROTESTERS", "Excessive force against protesters"),
        ("PROTEST_WITH_INTERVENTION", "Protest with intervention"), ("PEACEFUL_PROTEST", "Peaceful protest"),
        ("VIOLENT_DEMONSTRATION", "Violent demonstration"), ("MOB_VIOLENCE", "Mob violence"), ("CHEMICAL_WEAPON", "Chemical weapon"),
        ("AIR_DRONE_STRIKE", "Air/drone strike"), ("SUICIDE_BOMB", "Suicide bomb"),
        ("SHELLING_ARTILLERY_MISSILE_ATTACK", "Shelling/artillery/missile attack"), ("REMOTE_EXPLOSIVE_LANDMINE_IED", "Remote explosive/landmine/IED"),
        ("GRENADE", "Grenade"), ("SEXUAL_VIOLENCE", "Sexual violence"), ("ATTACK", "Attack"),
        ("ABDUCTION_FORCED_DISAPPEARANCE", "Abduction/forced disappearance"), ("AGREEMENT", "Agreement"), ("ARRESTS", "Arrests"),
        ("CHANGE_TO_GROUP_ACTIVITY", "Change to group/activity"), ("DISRUPTED_WEAPONS_USE", "Disrupted weapons use"),
        ("HEADQUARTERS_OR_BASE_ESTABLISHED", "Headquarters or base established"), ("LOOTING_PROPERTY_DESTRUCTION", "Looting/property destruction"),
        ("NON_VIOLENT_TRANSFER_OF_TERRITORY", "Non-violent transfer of territory"), ("OTHER", "Other"),
    ];
}
