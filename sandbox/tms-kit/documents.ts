/** POD documents (`/documents/pod-….pdf`) as every sandbox TMS serves them. */
import { onePagePdf } from '../kit/pdf';
import type { EmuResponse } from '../kit/http';
import { deliveryStop } from '../tms/store';
import type { OrderBook } from './orders';

export function podDocument(book: OrderBook, file: string, producer: string): EmuResponse {
  const order = book.all().find((o) => o.podUrl === `/documents/${file}`);
  if (!order) return { status: 404, text: 'Dokument nicht gefunden' };
  const delivery = deliveryStop(order);
  const lines = [
    `Auftrag: ${order.number}`,
    `Kunde: ${order.customer.name}`,
    `Zugestellt an: ${delivery ? `${delivery.name}, ${delivery.zip} ${delivery.city} (${delivery.countryCode})` : '-'}`,
    `Zustelldatum: ${delivery?.date ?? '-'}`,
    '',
    'Ware vollständig und unbeschädigt erhalten.',
    `${producer} - Sandbox-Dokument, kein echter Ablieferbeleg.`,
  ];
  const pdf = onePagePdf([{ text: 'Ablieferbeleg', bold: true, size: 18 }, ...lines.map((text) => ({ text, size: 11 }))], {
    title: `Ablieferbeleg ${order.number}`,
    producer,
  });
  return {
    status: 200,
    text: pdf,
    headers: { 'content-type': 'application/pdf', 'content-disposition': `inline; filename="${file.replace(/[^\w.-]/g, '_')}"` },
  };
}

/** `a=1&b=2` form bodies (the kit only parses JSON). */
export function formBody(raw: string): URLSearchParams {
  return new URLSearchParams(raw);
}
