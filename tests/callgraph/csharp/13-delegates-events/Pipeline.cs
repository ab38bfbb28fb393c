using System;
using System.Collections.Generic;

namespace Events
{
    public delegate string Transform(string input);

    public class Pipeline
    {
        private readonly List<Transform> _steps = new List<Transform>();

        public event EventHandler<string> Completed;

        public Pipeline Add(Transform step)
        {
            _steps.Add(step);
            return this;
        }

        public string Execute(string input)
        {
            var value = input;
            foreach (var step in _steps)
                value = step(value);
            Completed?.Invoke(this, value);
            return value;
        }
    }
}
