using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using VideoConf.Application;

namespace VideoConf.Hosting;

/// <summary>Writes an <see cref="ApiProblemException"/> as RFC 7807 problem details with its status.</summary>
internal sealed class ApiProblemExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not ApiProblemException problem) return false;

        httpContext.Response.StatusCode = problem.Status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails { Status = problem.Status, Detail = problem.Message },
        });
    }
}
