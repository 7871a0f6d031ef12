import type { ResponseOf } from '@/utils/messaging';

/** One customer of the popup's list, with its link in the active billing system. */
export type ListedCustomer = ResponseOf<'listCustomers'>['customers'][number];
export type CustomersProvider = ResponseOf<'listCustomers'>['provider'];
