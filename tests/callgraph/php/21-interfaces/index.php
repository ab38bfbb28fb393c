<?php

require_once 'src/Contracts/Notifier.php';
require_once 'src/Notifiers/EmailNotifier.php';
require_once 'src/Notifiers/SmsNotifier.php';
require_once 'src/AlertService.php';

use App\AlertService;
use App\Notifiers\EmailNotifier;
use App\Notifiers\SmsNotifier;

$email = new EmailNotifier();
$email->send('ops@example.org', 'deploy finished');
$service = new AlertService(new SmsNotifier());
var_dump($service->alert('+15550100'));
