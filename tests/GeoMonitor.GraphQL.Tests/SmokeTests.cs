namespace GeoMonitor.GraphQL.Tests;

public class SmokeTests
{
    [Fact]
    public async Task Executes_a_simple_query()
    {
        var schema = TestSchema.Build();
        var json = await TestSchema.RunAsync(schema, "{ dog { name tricks owner { name friends { name } } } __typename }");
        Assert.Equal("""{"data":{"dog":{"name":"Rex","tricks":["sit","roll"],"owner":{"name":"Ada","friends":[{"name":"Linus"},null]}},"__typename":"Query"}}""", json);
    }
}
