using System.Globalization;
using System.Text.Json;
using GeoMonitor.Api.Features.Uploads;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.GraphQL.Execution;

namespace GeoMonitor.Api.GraphQL.Resolvers;

/// <summary>
/// reportIncident and reportIncidents: the upload path of the REST API (JsonReports → IncidentParser → the write stores),
/// so a report is accepted or refused for the same reasons with the same messages on both surfaces.
/// </summary>
public static class ReportMutations
{
    /// <summary>The most reports in one reportIncidents call (the REST batch takes files; GraphQL documents stay small).</summary>
    public const int MaxBatch = 5000;

    /// <summary>Mutation.reportIncident.</summary>
    public static async Task<object> ReportAsync(ResolveContext ctx)
    {
        var request = GqlRequest.Of(ctx);
        request.Require(Role.Reporter, "reportIncident");
        var parser = await ParserAsync(request, ctx.CancellationToken);
        var errors = new List<FieldError>();
        var incident = Parse(parser, ctx.Input("input")!, null, errors);
        if (incident is null) throw Invalid(errors, $"The report has {errors.Count} invalid field(s); nothing was stored.");
        var outcome = await request.Service<IncidentWriteStore>().CreateAsync(incident, request.KeyName, ctx.CancellationToken);
        return outcome switch
        {
            CreateOutcome.Created c => Payload(await NodeAsync(ctx, c.Incident.Id), true),
            CreateOutcome.Unchanged u => Payload(await NodeAsync(ctx, u.Incident.Id), false),
            CreateOutcome.Conflict x => throw GqlErrors.Error(GqlErrors.Conflict,
                $"Incident {x.Existing.Id} is already stored under source '{x.Existing.Source}' and externalId '{x.Existing.ExternalId}' with different "
                + $"{string.Join(", ", x.Differences)}. Correct it with correctIncident (version {x.Existing.Version}).", "input",
                new Dictionary<string, object?> { ["incidentId"] = x.Existing.Id.ToString(CultureInfo.InvariantCulture), ["version"] = x.Existing.Version, ["differences"] = x.Differences }),
            _ => throw new InvalidOperationException(),
        };
    }

    /// <summary>Mutation.reportIncidents: the batch rules of POST /api/incidents/batch (all or nothing unless partial).</summary>
    public static async Task<object> ReportManyAsync(ResolveContext ctx)
    {
        var request = GqlRequest.Of(ctx);
        request.Require(Role.Reporter, "reportIncidents");
        var inputs = ((System.Collections.IEnumerable)ctx.Arguments["inputs"]!).Cast<IReadOnlyDictionary<string, object?>>().ToList();
        var partial = ctx.Struct<bool>("partial") ?? false;
        if (inputs.Count == 0) throw GqlErrors.BadInput("inputs", "The batch has no reports.");
        if (inputs.Count > MaxBatch) throw GqlErrors.BadInput("inputs", $"A reportIncidents call holds at most {MaxBatch} reports; split it or upload a file to POST /api/incidents/batch.");
        var parser = await ParserAsync(request, ctx.CancellationToken);
        var errors = new List<FieldError>();
        var rows = new List<BatchRow>();
        for (var n = 1; n <= inputs.Count; n++)
            if (Parse(parser, inputs[n - 1], n, errors) is { } incident) rows.Add(new BatchRow(n, null, incident));

        // Within the batch, a repeated (source, externalId) is the same report (unchanged) or a contradiction (an error).
        var firstByKey = new Dictionary<(string, string), BatchRow>();
        var repeats = new List<(BatchRow Row, BatchRow First)>();
        var unique = new List<BatchRow>(rows.Count);
        foreach (var r in rows)
        {
            if (firstByKey.TryGetValue((r.Incident.Source, r.Incident.ExternalId), out var first))
            {
                if (r.Incident.SameReportAs(first.Incident)) repeats.Add((r, first));
                else errors.Add(new FieldError(r.Row, IncidentFields.ExternalId,
                    $"repeats the source and externalId of row {first.Row} with different {string.Join(", ", r.Incident.DifferencesFrom(first.Incident))}"));
            }
            else
            {
                firstByKey[(r.Incident.Source, r.Incident.ExternalId)] = r;
                unique.Add(r);
            }
        }
        if (errors.Count > 0 && !partial) throw Refused(errors, inputs.Count);
        var outcome = unique.Count > 0
            ? await request.Service<BatchWriteStore>().WriteAsync(unique, request.KeyName, partial, ctx.CancellationToken)
            : new BatchWriteStore.Outcome([], [], true);
        errors.AddRange(outcome.Conflicts);
        if (!outcome.Committed) throw Refused(errors, inputs.Count);

        var items = new List<object>();
        foreach (var r in unique)
            if (outcome.Stored.TryGetValue(r.Row, out var s)) items.Add(Item(r.Row, s.Id, s.Created ? "created" : "unchanged"));
        foreach (var (r, first) in repeats)
            if (outcome.Stored.TryGetValue(first.Row, out var s)) items.Add(Item(r.Row, s.Id, "unchanged"));
        items.Sort((a, b) => ((int)((IReadOnlyDictionary<string, object?>)a)["row"]!).CompareTo((int)((IReadOnlyDictionary<string, object?>)b)["row"]!));
        errors.Sort((a, b) => (a.Row ?? 0).CompareTo(b.Row ?? 0));
        var created = items.Count(i => (string)((IReadOnlyDictionary<string, object?>)i)["result"]! == "created");
        return new Dictionary<string, object?>
        {
            ["received"] = inputs.Count,
            ["created"] = created,
            ["unchanged"] = items.Count - created,
            ["rejected"] = errors.Select(e => e.Row).Distinct().Count(),
            ["items"] = items,
            ["errors"] = errors,
        };
    }

    private static IReadOnlyDictionary<string, object?> Payload(Data.IncidentNode? incident, bool created) =>
        new Dictionary<string, object?> { ["incident"] = incident, ["created"] = created };

    private static IReadOnlyDictionary<string, object?> Item(int row, long id, string result) =>
        new Dictionary<string, object?> { ["row"] = row, ["id"] = id.ToString(CultureInfo.InvariantCulture), ["result"] = result, ["incidentId"] = id };

    /// <summary>ReportItem.incident: the stored incident, through the page loader (one statement for every item).</summary>
    public static Task<Data.IncidentNode?> ItemIncidentAsync(ResolveContext ctx) =>
        NodeAsync(ctx, (long)((IReadOnlyDictionary<string, object?>)ctx.Source!)["incidentId"]!);

    /// <summary>An incident as the caller may see it (null if not visible), through the page loader.</summary>
    public static async Task<Data.IncidentNode?> NodeAsync(ResolveContext ctx, long id)
    {
        var filter = new Features.Incidents.Query.IncidentFilter { Ids = [id], Statuses = FilterInput.Visible(GqlRequest.Of(ctx).Role, null) };
        var page = await Data.Loaders.Pages(ctx).LoadAsync(new Data.IncidentPageQuery(filter, Data.GqlIncidentOrder.OccurredAt, 1, null));
        return page!.Rows.Count > 0 ? page.Rows[0] : null;
    }

    private static async Task<IncidentParser> ParserAsync(GqlRequest request, CancellationToken ct) =>
        new(request.Service<UploadOptions>(), await request.Service<AcledCodes>().LoadAsync(ct), request.Service<TimeProvider>());

    /// <summary>The input object as the JSON report the REST API would have received, parsed by the same code.</summary>
    private static NewIncident? Parse(IncidentParser parser, IReadOnlyDictionary<string, object?> input, int? row, List<FieldError> errors)
    {
        var json = JsonSerializer.SerializeToElement(input.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value));
        var fields = new Dictionary<string, RawValue>();
        var before = errors.Count;
        JsonReports.AddFields(json, fields, row, errors);
        return errors.Count > before ? null : parser.Parse(fields, errors, row);
    }

    private static Exception Invalid(IReadOnlyList<FieldError> errors, string message) =>
        GqlErrors.Error(GqlErrors.BadUserInput, message, null, new Dictionary<string, object?> { ["errors"] = Shape(errors) });

    private static Exception Refused(List<FieldError> errors, int received)
    {
        errors.Sort((a, b) => (a.Row ?? 0).CompareTo(b.Row ?? 0));
        var bad = errors.Select(e => e.Row).Distinct().Count();
        return Invalid(errors, $"{bad} of {received} report(s) are invalid; nothing was stored. Fix them, or pass partial: true to store the valid ones.");
    }

    private static List<Dictionary<string, object?>> Shape(IReadOnlyList<FieldError> errors) =>
        errors.Select(e =>
        {
            var d = new Dictionary<string, object?>();
            if (e.Row is not null) d["row"] = e.Row;
            d["field"] = e.Field;
            d["message"] = e.Message;
            return d;
        }).ToList();
}
