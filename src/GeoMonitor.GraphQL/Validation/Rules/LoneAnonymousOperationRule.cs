// Spec 5.2.2.1 Lone Anonymous Operation: an anonymous operation must be the only operation in the document.
using GeoMonitor.GraphQL.Language;

namespace GeoMonitor.GraphQL.Validation.Rules;

internal sealed class LoneAnonymousOperationRule : ValidationRule
{
    private int _operationCount;

    public override void Enter(Node node)
    {
        switch (node)
        {
            case DocumentNode document:
                _operationCount = document.Definitions.Count(d => d is OperationDefinitionNode);
                break;
            case OperationDefinitionNode { Name: null } operation when _operationCount > 1:
                Report("This anonymous operation must be the only defined operation.", operation);
                break;
        }
    }
}
