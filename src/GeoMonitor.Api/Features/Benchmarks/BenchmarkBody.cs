using System.Text.Json;
using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.LayerAdmin;
using GeoMonitor.Api.Features.Notifications;

namespace GeoMonitor.Api.Features.Benchmarks;

/// <summary>A benchmark as read (the slugs it names are checked against the database by the store).</summary>
/// <param name="Name">What it is, in words.</param>
/// <param name="Zone">The zone's slug.</param>
/// <param name="RequiredState">idf_withdrawn, laf_deployed, handed_to_custody, weapons_cleared, or free text.</param>
/// <param name="Party">The organisation bound by it, if any.</param>
/// <param name="Forbids">The notification kinds the party may not file in the zone from the due date on.</param>
/// <param name="DueAt">The due date.</param>
/// <param name="Truce">The truce that depends on it, if any.</param>
/// <param name="Extension">The new end of the truce's extension that depends on it, if any.</param>
/// <param name="Source">Where it comes from.</param>
/// <param name="Notes">Notes.</param>
/// <param name="Illustrative">True when it is not sourced (an illustration, like the synthetic incidents).</param>
public sealed record BenchmarkInput(string Name, string Zone, string RequiredState, string? Party, string[] Forbids, DateTime DueAt, string? Truce,
    DateTime? Extension, string Source, string? Notes, bool Illustrative);

/// <summary>A dated status change of a benchmark, with its evidence.</summary>
/// <param name="At">When the status changed (not when it was recorded).</param>
/// <param name="Status">pending, met, partially_met or not_met.</param>
/// <param name="Evidence">Incident ids, verification findings and links.</param>
/// <param name="Source">Where the change is reported.</param>
/// <param name="Note">A note.</param>
/// <param name="Illustrative">True when it is not sourced.</param>
public sealed record BenchmarkEventInput(DateTime At, string Status, BenchmarkEvidence Evidence, string Source, string? Note, bool Illustrative);

/// <summary>What a status change rests on.</summary>
/// <param name="Incidents">Ids of incidents that show it.</param>
/// <param name="Findings">Verification findings, in words.</param>
/// <param name="Links">Links (http or https URLs).</param>
public sealed record BenchmarkEvidence(long[] Incidents, string[] Findings, string[] Links);

/// <summary>Reads the bodies of PUT /api/benchmarks/{slug} and POST /api/benchmarks/{slug}/events (and their mutations).</summary>
public static class BenchmarkBody
{
    /// <summary>The states the system knows; any other text is a free-text state.</summary>
    public static readonly string[] KnownStates = ["idf_withdrawn", "laf_deployed", "handed_to_custody", "weapons_cleared"];

    /// <summary>The statuses a benchmark event may report.</summary>
    public static readonly string[] Statuses = ["pending", "met", "partially_met", "not_met"];

    /// <summary>
    /// What a withdrawal forbids the withdrawing party by default: moving troops, striking or exercising in the zone it
    /// left (other states forbid nothing unless the benchmark says so).
    /// </summary>
    public static readonly string[] WithdrawalForbids = ["troop_movement", "strike", "exercise"];

    private static readonly string[] Members = ["name", "zone", "requiredState", "party", "forbids", "dueAt", "truce", "extension", "source", "notes", "illustrative"];
    private static readonly string[] EventMembers = ["at", "status", "evidence", "source", "note", "illustrative"];

    /// <summary>A benchmark from <paramref name="root"/>; null with <paramref name="errors"/> filled when anything is wrong.</summary>
    public static BenchmarkInput? Read(JsonElement root, List<FieldError> errors)
    {
        if (LayerBody.Read(root, errors) is not { } b) return null;
        b.RefuseOthers(Members, "a benchmark");
        if (b.Geometry is not null) errors.Add(new FieldError(null, "geometry", "a benchmark names its zone (zone: a slug); it has no geometry of its own"));
        var name = b.Text("name", required: true);
        var zone = b.Slug("zone", required: true);
        var state = b.Text("requiredState", required: true);
        var party = b.Slug("party");
        var forbids = b.Strings("forbids");
        if (forbids?.FirstOrDefault(k => !NotificationBody.Kinds.Contains(k)) is { } bad)
            errors.Add(new FieldError(null, "forbids", $"'{bad}' is not a kind of notification ({string.Join(", ", NotificationBody.Kinds)})"));
        if (forbids is { Length: > 0 } && party is null) errors.Add(new FieldError(null, "forbids", "forbids a party something: name the party"));
        var due = b.Time("dueAt", required: true);
        var truce = b.Slug("truce");
        var extension = b.Time("extension");
        if (extension is not null && truce is null) errors.Add(new FieldError(null, "extension", "an extension belongs to a truce: name the truce"));
        var source = b.Source();
        var notes = b.Text("notes", max: 4000);
        var illustrative = b.Flag("illustrative");
        if (errors.Count > 0) return null;
        forbids ??= state == "idf_withdrawn" && party is not null ? WithdrawalForbids : [];
        return new BenchmarkInput(name!, zone!, state!, party, [.. forbids.Distinct()], due!.Value, truce, extension, source!, notes, illustrative);
    }

    /// <summary>A status event from <paramref name="root"/>; null with <paramref name="errors"/> filled when anything is wrong.</summary>
    public static BenchmarkEventInput? ReadEvent(JsonElement root, DateTime now, List<FieldError> errors)
    {
        if (LayerBody.Read(root, errors) is not { } b) return null;
        b.RefuseOthers(EventMembers, "a benchmark event");
        var at = b.Time("at", required: true);
        // Clocks of field devices drift a little; a status change dated later than that has not happened yet.
        if (at is { } t && t > now.AddMinutes(10)) errors.Add(new FieldError(null, "at", $"{t:yyyy-MM-dd'T'HH:mm:ss'Z'} is in the future"));
        var status = b.OneOf("status", Statuses);
        var evidence = ReadEvidence(b.Raw("evidence"), errors);
        var source = b.Source();
        var note = b.Text("note", max: 4000);
        var illustrative = b.Flag("illustrative");
        if (errors.Count > 0) return null;
        return new BenchmarkEventInput(at!.Value, status!, evidence, source!, note, illustrative);
    }

    private static BenchmarkEvidence ReadEvidence(JsonElement? raw, List<FieldError> errors)
    {
        var empty = new BenchmarkEvidence([], [], []);
        if (raw is not { } e) return empty;
        if (e.ValueKind != JsonValueKind.Object) { errors.Add(new FieldError(null, "evidence", "must be an object {incidents, findings, links}")); return empty; }
        var incidents = new List<long>();
        var findings = new List<string>();
        var links = new List<string>();
        foreach (var p in e.EnumerateObject())
        {
            if (p.Name is not ("incidents" or "findings" or "links"))
            {
                errors.Add(new FieldError(null, $"evidence.{p.Name}", "is not a kind of evidence (incidents, findings, links)"));
                continue;
            }
            if (p.Value.ValueKind == JsonValueKind.Null) continue;
            if (p.Value.ValueKind != JsonValueKind.Array) { errors.Add(new FieldError(null, $"evidence.{p.Name}", "must be an array")); continue; }
            var i = 0;
            foreach (var item in p.Value.EnumerateArray())
            {
                var path = $"evidence.{p.Name}[{i++}]";
                var text = item.ValueKind == JsonValueKind.String ? item.GetString()! : null;
                switch (p.Name)
                {
                    case "incidents":
                        // A number, or its digits as text: GraphQL's ID travels as a string.
                        if ((item.ValueKind == JsonValueKind.Number && item.TryGetInt64(out var id) && id > 0)
                            || (text is not null && long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out id) && id > 0))
                            incidents.Add(id);
                        else errors.Add(new FieldError(null, path, "must be an incident id (a positive integer)"));
                        break;
                    case "findings":
                        if (text is { Length: > 0 and <= 2000 } && Uploads.IncidentParser.Unstorable(text) is null) findings.Add(text);
                        else errors.Add(new FieldError(null, path, "must be a text of 1 to 2000 characters"));
                        break;
                    default:
                        if (text is { Length: <= 2000 } && Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https") links.Add(text);
                        else errors.Add(new FieldError(null, path, "must be an http or https URL"));
                        break;
                }
            }
        }
        return new BenchmarkEvidence([.. incidents.Distinct()], [.. findings], [.. links]);
    }
}
