using System;
using Reporting;

namespace Demo
{
    public static class Program
    {
        public static void Main()
        {
            Console.WriteLine(Report.Build("Sales", new[] { 3, 14, 159 }));
            Console.WriteLine(Report.Footer(3));
        }
    }
}
