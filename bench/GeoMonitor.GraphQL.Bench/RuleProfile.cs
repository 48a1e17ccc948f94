namespace GeoMonitor.GraphQL.Bench;

/// <summary>
/// `--rules`: time of each validation rule on the mid-size query, run twice so the second pass is past tiered-JIT warm-up.
/// Shows which rule to look at when validation gets slow.
/// </summary>
internal static class RuleProfile
{
    public static void Run(GeoMonitor.GraphQL.Types.Schema schema, GeoMonitor.GraphQL.Language.DocumentNode document)
    {
        foreach (var rule in GeoMonitor.GraphQL.Validation.Validator.SpecifiedRules.Concat(GeoMonitor.GraphQL.Validation.Validator.SpecifiedRules))
        {
            var name = rule().GetType().Name;
            for (var i = 0; i < 200; i++) GeoMonitor.GraphQL.Validation.Validator.Validate(schema, document, [rule]);
            var sw = System.Diagnostics.Stopwatch.StartNew();
            for (var i = 0; i < 2000; i++) GeoMonitor.GraphQL.Validation.Validator.Validate(schema, document, [rule]);
            Console.WriteLine($"{name,-40} {sw.Elapsed.TotalMicroseconds / 2000,8:N1} µs");
        }
        var none = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 2000; i++) GeoMonitor.GraphQL.Validation.Validator.Validate(schema, document, []);
        Console.WriteLine($"{"(walk only)",-40} {none.Elapsed.TotalMicroseconds / 2000,8:N1} µs");
    }
}
