using GeoMonitor.GraphQL.Utilities;

namespace GeoMonitor.Api.GraphQL.Resolvers;

/// <summary>Binds the Mutation fields.</summary>
public static class MutationResolvers
{
    /// <summary>Binds the resolvers.</summary>
    public static SchemaBuilder BindMutations(this SchemaBuilder b) => b
        .Resolve("Mutation", "reportIncident", ReportMutations.ReportAsync)
        .Resolve("Mutation", "reportIncidents", ReportMutations.ReportManyAsync)
        .Resolve("ReportItem", "incident", ReportMutations.ItemIncidentAsync)
        .Resolve("Mutation", "reviewIncident", ReviewMutations.ReviewAsync)
        .Resolve("Mutation", "correctIncident", ReviewMutations.CorrectAsync);
}
