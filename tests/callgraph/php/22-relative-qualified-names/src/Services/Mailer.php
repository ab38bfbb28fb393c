<?php

namespace App\Services;

class Mailer
{
    public static function send(string $to): string
    {
        return 'mail to ' . \App\Util\helper($to);
    }
}
