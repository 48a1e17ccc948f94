using GeoMonitor.GraphQL.Language;
using GeoMonitor.GraphQL.Types;
using GeoMonitor.GraphQL.Validation.Rules;

namespace GeoMonitor.GraphQL.Validation;

/// <summary>Validates an executable document against a schema with every rule of spec section 5 (Validation).</summary>
public static class Validator
{
    /// <summary>The rules, in graphql-js's order so errors come out in the same order.</summary>
    internal static readonly Func<ValidationRule>[] SpecifiedRules =
    [
        () => new ExecutableDefinitionsRule(),
        () => new UniqueOperationNamesRule(),
        () => new LoneAnonymousOperationRule(),
        () => new SingleFieldSubscriptionsRule(),
        () => new KnownTypeNamesRule(),
        () => new FragmentsOnCompositeTypesRule(),
        () => new VariablesAreInputTypesRule(),
        () => new ScalarLeafsRule(),
        () => new FieldsOnCorrectTypeRule(),
        () => new UniqueFragmentNamesRule(),
        () => new KnownFragmentNamesRule(),
        () => new NoUnusedFragmentsRule(),
        () => new PossibleFragmentSpreadsRule(),
        () => new NoFragmentCyclesRule(),
        () => new UniqueVariableNamesRule(),
        () => new NoUndefinedVariablesRule(),
        () => new NoUnusedVariablesRule(),
        () => new KnownDirectivesRule(),
        () => new UniqueDirectivesPerLocationRule(),
        () => new KnownArgumentNamesRule(),
        () => new UniqueArgumentNamesRule(),
        () => new ValuesOfCorrectTypeRule(),
        () => new ProvidedRequiredArgumentsRule(),
        () => new VariablesInAllowedPositionRule(),
        () => new OverlappingFieldsCanBeMergedRule(),
        () => new UniqueInputFieldNamesRule(),
    ];

    /// <summary>Returns every validation error (at most maxErrors, then one error saying validation stopped).</summary>
    public static IReadOnlyList<GraphQLError> Validate(Schema schema, DocumentNode document, int maxErrors = 100) =>
        Validate(schema, document, SpecifiedRules, maxErrors);

    internal static IReadOnlyList<GraphQLError> Validate(Schema schema, DocumentNode document, IEnumerable<Func<ValidationRule>> rules, int maxErrors = 100)
    {
        var errors = new List<GraphQLError>();
        var typeInfo = new TypeInfo(schema);
        var context = new ValidationContext(schema, document, typeInfo, error =>
        {
            if (errors.Count >= maxErrors)
            {
                errors.Add(new GraphQLError("Too many validation errors, error limit reached. Validation aborted."));
                throw new AbortValidation();
            }
            errors.Add(error);
        });
        var instances = rules.Select(create =>
        {
            var rule = create();
            rule.Context = context;
            return rule;
        }).ToArray();
        try
        {
            DocumentWalker.Walk(
                document,
                node =>
                {
                    typeInfo.Enter(node);
                    foreach (var rule in instances) rule.Enter(node);
                },
                node =>
                {
                    foreach (var rule in instances) rule.Leave(node);
                    typeInfo.Leave(node);
                });
        }
        catch (AbortValidation)
        {
        }
        return errors;
    }

    private sealed class AbortValidation : Exception;
}
