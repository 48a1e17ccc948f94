using GeoMonitor.GraphQL.Validation.Rules;
using static GeoMonitor.GraphQL.Tests.Validation.RuleHarness;

namespace GeoMonitor.GraphQL.Tests.Validation;

public class SingleFieldSubscriptionsRuleTests
{
    [Fact]
    public void One_root_field_is_valid() => Valid<SingleFieldSubscriptionsRule>("subscription S { importantEmails }");

    [Fact]
    public void Repeated_same_key_through_fragments_is_valid() =>
        Valid<SingleFieldSubscriptionsRule>("subscription S { importantEmails ...F } fragment F on SubscriptionRoot { importantEmails }");

    [Fact]
    public void Two_root_fields_are_rejected() =>
        Invalid<SingleFieldSubscriptionsRule>("subscription S { importantEmails notImportantEmails }",
            "Subscription \"S\" must select only one top level field.");

    [Fact]
    public void Fields_from_fragments_count() =>
        Invalid<SingleFieldSubscriptionsRule>("subscription { importantEmails ... on SubscriptionRoot { newMessage } }",
            "Anonymous Subscription must select only one top level field.");

    [Fact]
    public void Introspection_root_field_is_rejected() =>
        Invalid<SingleFieldSubscriptionsRule>("subscription S { __typename }",
            "Subscription \"S\" must not select an introspection top level field.");
}
