using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.Uploads;
using GeoMonitor.GraphQL.Execution;

namespace GeoMonitor.Api.GraphQL.Resolvers;

/// <summary>
/// reportIncident and reportIncidents: the GraphQL adapters of <see cref="ReportUpload"/> and <see cref="BatchUpload"/>,
/// the use cases behind POST /api/incidents and POST /api/incidents/batch.
/// </summary>
public static class ReportMutations
{
    /// <summary>The most reports in one reportIncidents call (the REST batch takes files; GraphQL documents stay small).</summary>
    public const int MaxBatch = 5000;

    /// <summary>Mutation.reportIncident.</summary>
    public static async Task<object> ReportAsync(ResolveContext ctx)
    {
        var request = GqlRequest.Of(ctx);
        var outcome = await request.Service<ReportUpload>().CreateAsync(Caller.Of(request.User), InputJson.Element(ctx.Input("input")), ctx.CancellationToken);
        var incident = outcome.ValueOrThrow("input");
        return new Dictionary<string, object?>
        {
            ["incident"] = await NodeAsync(ctx, incident.Id),
            ["created"] = outcome is Outcome<IncidentRecord>.Created,
        };
    }

    /// <summary>Mutation.reportIncidents.</summary>
    public static async Task<object> ReportManyAsync(ResolveContext ctx)
    {
        var request = GqlRequest.Of(ctx);
        var caller = Caller.Of(request.User);
        // The role first, as REST's authorization runs before its body is read.
        if (caller.Require(BatchUpload.Needs) is { } no) throw no.Error();
        var inputs = ((System.Collections.IEnumerable)ctx.Arguments["inputs"]!).Cast<object?>().ToList();
        if (inputs.Count == 0) throw GqlErrors.BadInput("inputs", "The batch has no reports.");
        if (inputs.Count > MaxBatch) throw GqlErrors.BadInput("inputs", $"A reportIncidents call holds at most {MaxBatch} reports; split it or upload a file to POST /api/incidents/batch.");
        var upload = request.Service<BatchUpload>();
        var rows = await upload.RowsAsync(ctx.CancellationToken);
        foreach (var input in inputs) rows.Add(InputJson.Element(input));
        return (await upload.CommitAsync(caller, rows, ctx.Struct<bool>("partial") ?? false, ctx.CancellationToken)).ValueOrThrow("inputs");
    }

    /// <summary>ReportItem.incident: the stored incident, through the page loader (one statement for every item).</summary>
    public static Task<Data.IncidentNode?> ItemIncidentAsync(ResolveContext ctx) => NodeAsync(ctx, ((BatchItem)ctx.Source!).Id);

    /// <summary>An incident as the caller may see it (null if not visible), through the page loader.</summary>
    public static async Task<Data.IncidentNode?> NodeAsync(ResolveContext ctx, long id)
    {
        var filter = Features.Incidents.IncidentVisibility.One(id, GqlRequest.Of(ctx).Caller);
        var page = await Data.Loaders.Pages(ctx).LoadAsync(new Data.IncidentPageQuery(filter, Data.GqlIncidentOrder.OccurredAt, 1, null));
        return page!.Rows.Count > 0 ? page.Rows[0] : null;
    }
}
