using GeoMonitor.GraphQL.Language;

namespace GeoMonitor.GraphQL.Validation;

/// <summary>Walks an executable document depth-first in source order, calling enter and leave for every node but names.</summary>
internal static class DocumentWalker
{
    public static void Walk(Node node, Action<Node> enter, Action<Node> leave)
    {
        enter(node);
        switch (node)
        {
            case DocumentNode d:
                foreach (var def in d.Definitions) Walk(def, enter, leave);
                break;
            case OperationDefinitionNode op:
                foreach (var v in op.VariableDefinitions) Walk(v, enter, leave);
                WalkAll(op.Directives, enter, leave);
                Walk(op.SelectionSet, enter, leave);
                break;
            case VariableDefinitionNode v:
                Walk(v.Type, enter, leave);
                if (v.DefaultValue is not null) Walk(v.DefaultValue, enter, leave);
                WalkAll(v.Directives, enter, leave);
                break;
            case SelectionSetNode s:
                foreach (var sel in s.Selections) Walk(sel, enter, leave);
                break;
            case FieldNode f:
                foreach (var a in f.Arguments) Walk(a, enter, leave);
                WalkAll(f.Directives, enter, leave);
                if (f.SelectionSet is not null) Walk(f.SelectionSet, enter, leave);
                break;
            case FragmentSpreadNode spread:
                WalkAll(spread.Directives, enter, leave);
                break;
            case InlineFragmentNode inline:
                if (inline.TypeCondition is not null) Walk(inline.TypeCondition, enter, leave);
                WalkAll(inline.Directives, enter, leave);
                Walk(inline.SelectionSet, enter, leave);
                break;
            case FragmentDefinitionNode fragment:
                Walk(fragment.TypeCondition, enter, leave);
                WalkAll(fragment.Directives, enter, leave);
                Walk(fragment.SelectionSet, enter, leave);
                break;
            case ArgumentNode a:
                Walk(a.Value, enter, leave);
                break;
            case ListValueNode l:
                foreach (var v in l.Values) Walk(v, enter, leave);
                break;
            case ObjectValueNode o:
                foreach (var f in o.Fields) Walk(f, enter, leave);
                break;
            case ObjectFieldNode of:
                Walk(of.Value, enter, leave);
                break;
            case DirectiveNode dir:
                foreach (var a in dir.Arguments) Walk(a, enter, leave);
                break;
            case ListTypeNode lt:
                Walk(lt.Type, enter, leave);
                break;
            case NonNullTypeNode nn:
                Walk(nn.Type, enter, leave);
                break;
        }
        leave(node);
    }

    private static void WalkAll(IReadOnlyList<DirectiveNode> directives, Action<Node> enter, Action<Node> leave)
    {
        foreach (var d in directives) Walk(d, enter, leave);
    }
}
