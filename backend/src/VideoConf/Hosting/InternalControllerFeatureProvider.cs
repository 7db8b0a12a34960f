using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Controllers;

namespace VideoConf.Hosting;

/// <summary>
/// Lets MVC find the app's controllers although they are internal (MVC only looks at public types by default);
/// the controllers depend on internal services, and nothing outside this assembly should use them.
/// </summary>
internal sealed class InternalControllerFeatureProvider : ControllerFeatureProvider
{
    protected override bool IsController(TypeInfo typeInfo) =>
        typeInfo is { IsClass: true, IsAbstract: false, ContainsGenericParameters: false }
        && typeof(ControllerBase).IsAssignableFrom(typeInfo)
        && typeInfo.Assembly == typeof(InternalControllerFeatureProvider).Assembly
        && typeInfo.Name.EndsWith("Controller", StringComparison.Ordinal);
}
