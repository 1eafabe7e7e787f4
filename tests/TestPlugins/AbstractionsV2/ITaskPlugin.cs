namespace HfTrain.Abstractions;

/// <summary>A 2.0 contract that differs from 1.x (a plugin built against it must be refused by a 1.x host).</summary>
public interface ITaskPlugin
{
    string Name { get; }
}
