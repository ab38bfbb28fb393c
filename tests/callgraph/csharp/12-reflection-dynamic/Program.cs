using System;
using System.Reflection;
using Plugins;

namespace Demo
{
    public static class Program
    {
        public static void Main(string[] args)
        {
            var greeter = new Greeter();
            Console.WriteLine(greeter.Greet("ada"));
            Console.WriteLine(InvokeGreet(greeter));
            Console.WriteLine(InvokeByName(greeter, args.Length > 0 ? args[0] : "Farewell"));
            Console.WriteLine(CreateAndCall("Plugins.Greeter"));
        }

        static object InvokeGreet(Greeter greeter) =>
            typeof(Greeter).GetMethod("Greet").Invoke(greeter, new object[] { "grace" });

        static object InvokeByName(object target, string method)
        {
            MethodInfo info = target.GetType().GetMethod(method);
            return info.Invoke(target, new object[] { "barbara" });
        }

        static string CreateAndCall(string typeName)
        {
            var type = Type.GetType(typeName);
            dynamic instance = Activator.CreateInstance(type);
            return instance.Farewell("linus");
        }
    }
}
