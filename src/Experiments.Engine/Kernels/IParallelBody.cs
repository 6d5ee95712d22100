// IParallelBody: the work of one parallel loop as a struct, so a kernel hands its loop to the worker team
// without allocating a closure (see Parallelism.For<TBody>).
namespace Experiments.Engine.Kernels;

/// <summary>
/// The body of a parallel loop over work items 0..count−1 (<see cref="Parallelism.For{TBody}"/>). Implement it on a
/// small <c>readonly struct</c> holding the kernel's arguments: the struct is copied once per loop, never boxed.
/// </summary>
public interface IParallelBody
{
    /// <summary>Runs work item <paramref name="item"/>. Items may run on any thread, in any order, concurrently.</summary>
    void Invoke(int item);
}
