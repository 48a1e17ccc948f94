using GeoMonitor.Api.GraphQL.Http;
using GeoMonitor.GraphQL.Limits;

namespace GeoMonitor.GraphQL.TestServer;

/// <summary>Entry point: serves the test schema at /graphql on the address given with --urls.</summary>
public static class TestServerMain
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var store = new Store();
        var schema = TestSchemaFactory.Create(store);
        // Generated conformance queries nest lists several levels deep; limits stay on but are roomy.
        var limits = GraphQLLimits.Default with { MaxCost = 1_000_000, MaxDepth = 20 };
        app.MapGraphQL("/graphql", http => new GraphQLRequestOptions { Schema = schema, RootValue = store, UserContext = http, Limits = limits });
        app.MapGet("/", () => Results.Redirect("/graphql"));
        app.Run();
    }
}
