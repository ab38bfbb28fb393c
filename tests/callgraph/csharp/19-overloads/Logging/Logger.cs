using System;
using System.Globalization;

namespace Logging
{
    public class Logger
    {
        private readonly string _category;

        public Logger(string category)
        {
            _category = category;
        }

        public void Write(string message)
        {
            Console.WriteLine($"[{_category}] {message}");
        }

        public void Write(int value)
        {
            Write(value.ToString(CultureInfo.InvariantCulture));
        }

        public void Write(string format, params object[] args)
        {
            Write(string.Format(CultureInfo.InvariantCulture, format, args));
        }
    }
}
