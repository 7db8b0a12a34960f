using System.Diagnostics;

namespace VideoConf.Hosting;

internal static class ProblemDetailsSetup
{
    /// <summary>
    /// Problem details for every error: thrown <see cref="Application.ApiProblemException"/>s, model validation,
    /// and bodiless framework responses (401/403/404) through status code pages. Titles come from
    /// <see cref="ProblemTitles"/> so the same status always reads the same.
    /// </summary>
    public static IServiceCollection AddVideoConfProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            var status = problem.Status ?? context.HttpContext.Response.StatusCode;
            problem.Status = status;
            problem.Title = ProblemTitles.For(status) ?? problem.Title;
            problem.Detail ??= ProblemTitles.DefaultDetail(status);
            problem.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
        });
        services.AddExceptionHandler<ApiProblemExceptionHandler>();
        return services;
    }
}
