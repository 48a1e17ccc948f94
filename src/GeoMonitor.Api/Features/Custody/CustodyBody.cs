using System.Text.Json;
using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.LayerAdmin;

namespace GeoMonitor.Api.Features.Custody;

/// <summary>A custody record as read (the zone and organisation it names are checked by the store).</summary>
/// <param name="Zone">The zone held (slug), or null for a named site.</param>
/// <param name="Site">A site named without geometry (the sources give none), or null for a zone.</param>
/// <param name="Force">idf, laf, unifil, international_coalition, none, or organisation.</param>
/// <param name="Organisation">With force organisation: which one.</param>
/// <param name="SupportedBy">Forces present alongside by the same arrangement.</param>
/// <param name="From">Start of the period (inclusive).</param>
/// <param name="To">End of the period (exclusive); null while it lasts.</param>
/// <param name="Source">Where it comes from.</param>
/// <param name="Notes">Notes.</param>
/// <param name="Illustrative">True when it is not sourced.</param>
public sealed record CustodyInput(string? Zone, string? Site, string Force, string? Organisation, string[] SupportedBy, DateTime From, DateTime? To,
    string Source, string? Notes, bool Illustrative);

/// <summary>Reads the body of PUT /api/custody/{slug} and of Mutation.recordCustody.</summary>
public static class CustodyBody
{
    /// <summary>Who may hold a zone.</summary>
    public static readonly string[] Forces = ["idf", "laf", "unifil", "international_coalition", "none", "organisation"];

    /// <summary>Who may be present alongside the holder.</summary>
    public static readonly string[] Supporting = ["idf", "laf", "unifil", "international_coalition"];

    private static readonly string[] Members = ["zone", "site", "force", "organisation", "supportedBy", "from", "to", "source", "notes", "illustrative"];

    /// <summary>A custody record from <paramref name="root"/>; null with <paramref name="errors"/> filled when anything is wrong.</summary>
    public static CustodyInput? Read(JsonElement root, List<FieldError> errors)
    {
        if (LayerBody.Read(root, errors) is not { } b) return null;
        b.RefuseOthers(Members, "a custody record");
        if (b.Geometry is not null) errors.Add(new FieldError(null, "geometry", "a custody record names its zone (zone: a slug), or a site without geometry"));
        var zone = b.Slug("zone");
        var site = b.Text("site");
        if ((b.Raw("zone") is null) == (b.Raw("site") is null))
            errors.Add(new FieldError(null, "zone", "name the zone held (a slug), or a site by name when the sources give no geometry — one of the two"));
        var force = b.OneOf("force", Forces);
        var organisation = b.Slug("organisation");
        if (force == "organisation" && b.Raw("organisation") is null) errors.Add(new FieldError(null, "organisation", "is required with force organisation"));
        if (force is not null && force != "organisation" && b.Raw("organisation") is not null)
            errors.Add(new FieldError(null, "organisation", $"applies to force organisation only; the force here is {force}"));
        var supported = b.Strings("supportedBy") ?? [];
        if (supported.FirstOrDefault(s => !Supporting.Contains(s)) is { } bad)
            errors.Add(new FieldError(null, "supportedBy", $"'{bad}' is not one of {string.Join(", ", Supporting)}"));
        else if (force is not null && supported.Contains(force)) errors.Add(new FieldError(null, "supportedBy", $"'{force}' is the holder itself"));
        var from = b.Time("from", required: true);
        var to = b.Time("to");
        if (from is not null && to is not null && to <= from) errors.Add(new FieldError(null, "to", "must be after from"));
        var source = b.Source();
        var notes = b.Text("notes", max: 4000);
        var illustrative = b.Flag("illustrative");
        if (errors.Count > 0) return null;
        return new CustodyInput(zone, site, force!, organisation, [.. supported.Distinct()], from!.Value, to, source!, notes, illustrative);
    }
}
