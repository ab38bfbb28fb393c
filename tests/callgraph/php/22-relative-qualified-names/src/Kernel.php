<?php

namespace App;

class Kernel
{
    public function boot(): array
    {
        return [
            Services\Mailer::send('ops'),
            Util\helper('booted'),
            namespace\Kernel::version(),
        ];
    }

    public static function version(): string
    {
        return '1.0';
    }
}
