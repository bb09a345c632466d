using System.Text.Json.Nodes;
using Jint;
using Jint.Native;
using Jint.Native.Function;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using Microsoft.Extensions.ObjectPool;

namespace CustomerCareBot.Workflows;

/// <summary>
/// The one place expressions run. Engines are costly to build, so they are pooled; each is locked down once
/// (frozen built-ins, non-extensible global object, no eval) so nothing a script does survives into the next run,
/// and every evaluation runs under the time/statement/recursion/memory limits.
/// </summary>
public sealed class ExpressionSandbox
{
    private const string TriggerName = "trigger";
    private const string GlobalsName = "globals";

    private readonly DefaultObjectPool<Engine> _engines;

    public ExpressionSandbox(ExpressionLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _engines = new DefaultObjectPool<Engine>(new EnginePolicy(limits), Environment.ProcessorCount * 4);
    }

    /// <summary>Evaluates <paramref name="expression"/> and returns a JSON copy of its value.</summary>
    public JsonNode? Evaluate(CompiledExpression expression, in ExpressionScope scope)
    {
        ArgumentNullException.ThrowIfNull(expression);
        if (expression.Path is { } path && TryResolvePath(path, scope, out var found))
        {
            return found?.DeepClone();
        }

        return EvaluateScript(expression, scope, static value => JsonJsConversion.ToJson(value));
    }

    /// <summary>Evaluates a condition with JavaScript truthiness.</summary>
    public bool EvaluateCondition(CompiledExpression expression, in ExpressionScope scope)
    {
        ArgumentNullException.ThrowIfNull(expression);
        if (expression.Path is { } path && TryResolvePath(path, scope, out var found))
        {
            return IsTruthy(found);
        }

        return EvaluateScript(expression, scope, static value => TypeConverter.ToBoolean(value));
    }

    private T EvaluateScript<T>(CompiledExpression expression, in ExpressionScope scope, Func<JsValue, T> convert)
    {
        var engine = _engines.Get();
        var reusable = true;
        try
        {
            if (expression.UsesTrigger) engine.SetValue(TriggerName, ToJs(engine, scope.Trigger, expression.TriggerMembers));
            if (expression.UsesGlobals) engine.SetValue(GlobalsName, ToJs(engine, scope.Globals, expression.GlobalsMembers));
            var script = expression.Script;
            return convert(engine.Evaluate(in script));
        }
        catch (JavaScriptException ex)
        {
            throw new ExpressionException($"expression '{expression.Source}' threw: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is JintException or TimeoutException)
        {
            // A limit tripped mid-execution; do not trust this engine's state for the next run.
            reusable = false;
            throw new ExpressionException($"expression '{expression.Source}' stopped by the sandbox: {Describe(ex)}", ex);
        }
        finally
        {
            // Drop references to run data so pooled engines do not keep customer payloads alive.
            engine.SetValue(TriggerName, JsValue.Undefined);
            engine.SetValue(GlobalsName, JsValue.Undefined);
            if (reusable) _engines.Return(engine);
        }
    }

    private static JsValue ToJs(Engine engine, JsonNode? node, MemberTree? members)
    {
        if (members is null || node is not JsonObject obj) return JsonJsConversion.ToJs(engine, node);
        var partial = new JsObject(engine);
        foreach (var (name, below) in members.Members)
        {
            if (obj.TryGetPropertyValue(name, out var value)) partial.FastSetDataProperty(name, ToJs(engine, value, below));
        }

        return partial;
    }

    private static string Describe(Exception ex) => ex switch
    {
        TimeoutException => "time limit exceeded",
        StatementsCountOverflowException => "statement limit exceeded",
        RecursionDepthOverflowException => "recursion limit exceeded",
        MemoryLimitExceededException => "memory limit exceeded",
        _ => ex.Message,
    };

    /// <summary>
    /// Walks a member path through JSON objects. Anything JavaScript would treat differently (<c>.length</c> of an
    /// array or string, reading through null, which throws) is left to the interpreter.
    /// </summary>
    private static bool TryResolvePath(string[] path, in ExpressionScope scope, out JsonNode? value)
    {
        value = path[0] == TriggerName ? scope.Trigger : scope.Globals;
        for (var i = 1; i < path.Length; i++)
        {
            if (value is not JsonObject obj) return false;
            value = obj.TryGetPropertyValue(path[i], out var next) ? next : null;
        }

        return true;
    }

    private static bool IsTruthy(JsonNode? node) => node switch
    {
        null => false,
        JsonValue v => v.GetValueKind() switch
        {
            System.Text.Json.JsonValueKind.False or System.Text.Json.JsonValueKind.Null => false,
            System.Text.Json.JsonValueKind.String => v.GetValue<string>().Length > 0,
            System.Text.Json.JsonValueKind.Number => JsonJsConversion.ReadNumber(v) is var d && d != 0 && !double.IsNaN(d),
            _ => true,
        },
        _ => true,
    };

    private sealed class EnginePolicy(ExpressionLimits limits) : PooledObjectPolicy<Engine>
    {
        public override Engine Create()
        {
            var engine = new Engine(options => options
                .Strict()
                .DisableStringCompilation()
                .TimeoutInterval(limits.Timeout)
                .MaxStatements(limits.MaxStatements)
                .LimitRecursion(limits.MaxRecursionDepth)
                .LimitMemory(limits.MaxMemoryBytes));
            engine.SetValue(TriggerName, JsValue.Undefined);
            engine.SetValue(GlobalsName, JsValue.Undefined);
            LockDown(engine);
            return engine;
        }

        public override bool Return(Engine obj) => true;

        private static void LockDown(Engine engine)
        {
            // Done from C# rather than a script so the lockdown itself is not subject to the evaluation limits.
            var global = engine.Global;
            var freeze = (Function)engine.Intrinsics.Object.Get("freeze");
            foreach (var key in global.GetOwnPropertyKeys())
            {
                var name = key.ToString();
                if (name is TriggerName or GlobalsName) continue;
                var descriptor = global.GetOwnProperty(key);
                if (!descriptor.IsDataDescriptor()) continue;
                var value = descriptor.Value;
                if (value is ObjectInstance builtin && !ReferenceEquals(builtin, global))
                {
                    freeze.Call(builtin);
                    if (builtin is Function && builtin.Get("prototype") is ObjectInstance prototype)
                    {
                        freeze.Call(prototype);
                    }
                }

                global.DefineOwnProperty(key, new PropertyDescriptor(value, writable: false, enumerable: descriptor.Enumerable, configurable: false));
            }

            global.PreventExtensions();
        }
    }
}
